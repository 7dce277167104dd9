package dev.sessiongate.session;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSecretsTests {

	private static final Instant CREATED = Instant.ofEpochMilli(1_699_999_000_000L);

	private static final Instant OBTAINED = Instant.ofEpochMilli(1_700_000_000_000L);

	private static final Instant DEADLINE = OBTAINED.plusSeconds(43_200);

	private static final String HEADER = jsonSegment("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k-1\"}");

	private static final String ID_CLAIMS = "{\"iss\":\"https://idp.example\",\"sub\":\"alice\",\"aud\":[\"gateway\"],"
			+ "\"exp\":1700000300,\"iat\":1700000000,\"name\":\"Alice Example\",\"email\":\"alice@example.com\"}";

	private final TokenSet tokens = new TokenSet("access", OBTAINED.plusSeconds(300), "refresh", "id");

	private final TokenSet jwts = new TokenSet(jwt(HEADER, "{\"sub\":\"alice\",\"scope\":\"openid\"}"),
			OBTAINED.plusSeconds(300),
			jwt(jsonSegment("{\"alg\":\"HS512\",\"typ\":\"JWT\"}"), "{\"typ\":\"Refresh\",\"sid\":\"s-1\"}"),
			jwt(HEADER, ID_CLAIMS));

	@Test
	void fromBytesWhenWrittenThenTheSameSecretsWithTheirTimes() {
		SessionSecrets secrets = new SessionSecrets("alice", "{}", this.tokens, CREATED, OBTAINED, DEADLINE);

		SessionSecrets read = SessionSecrets.fromBytes(secrets.toBytes(), null);

		assertThat(read).isEqualTo(secrets);
	}

	@Test
	void fromBytesWhenTokensAreJwtsThenEachReadsBackAsTheExactTextAndTakesAQuarterLessRoom() {
		SessionSecrets secrets = new SessionSecrets("alice", "{\"other\":true}", this.jwts, CREATED, OBTAINED, DEADLINE);

		byte[] bytes = secrets.toBytes();
		SessionSecrets read = SessionSecrets.fromBytes(bytes, null);

		assertThat(read).isEqualTo(secrets);
		int text = this.jwts.accessToken().length() + this.jwts.refreshToken().length() + this.jwts.idToken().length();
		// The ID token's header is the access token's: stored once.
		assertThat(bytes.length).isLessThan(text * 3 / 4 - HEADER.length() / 2 + 60);
	}

	@Test
	void fromBytesWhenClaimsAreTheIdTokensThenReadFromItsPayloadAndNotStoredTwice() {
		String claimsAsTheLoginWroteThem = "{\"sub\":\"alice\",\"iss\":\"https://idp.example\",\"aud\":\"gateway\","
				+ "\"exp\":1700000300,\"iat\":1700000000,\"name\":\"Alice Example\",\"email\":\"alice@example.com\"}";
		SessionSecrets ofIdToken = new SessionSecrets("alice", claimsAsTheLoginWroteThem, this.jwts, CREATED, OBTAINED,
				DEADLINE);
		SessionSecrets other = new SessionSecrets("alice", "{\"sub\":\"alice\",\"name\":\"Someone Else\"}", this.jwts,
				CREATED, OBTAINED, DEADLINE);

		SessionSecrets read = SessionSecrets.fromBytes(ofIdToken.toBytes(), null);

		assertThat(read.claimsJson()).isEqualTo(ID_CLAIMS);
		assertThat(ofIdToken.toBytes().length).isLessThan(other.toBytes().length);
		assertThat(SessionSecrets.fromBytes(other.toBytes(), null).claimsJson()).isEqualTo(other.claimsJson());
	}

	@Test
	void fromBytesWhenATokenLooksLikeAJwtButIsNotCanonicalBase64ThenKeptAsText() {
		// "QR" decodes like "QQ" (its low bits are ignored): split and joined again it would change.
		TokenSet odd = new TokenSet("eyJhIjoxfQ.QR.c2ln", OBTAINED, "a.b.c.d", "not.a jwt.at all");
		SessionSecrets secrets = new SessionSecrets("alice", "{}", odd, CREATED, OBTAINED, DEADLINE);

		assertThat(SessionSecrets.fromBytes(secrets.toBytes(), null).tokens()).isEqualTo(odd);
	}

	@Test
	void fromBytesWhenTheAccessTokenIsOpaqueThenItReadsBackAsTheSameTextBesideAJwtIdToken() {
		// Opaque access tokens as Google, GitHub or an introspecting IdP issue them, one with a dot in it;
		// the ID token after it is a JWS with no header before it to share.
		String idToken = jwt(HEADER, ID_CLAIMS);
		for (String opaque : new String[] { "ya29.a0AfH6SMB-x_y~z+/w==", "gho_16C7e42F292c6912E7710c838347Ae178B4a",
				"2YotnFZFEjr1zCsicMWpAA" }) {
			TokenSet tokens = new TokenSet(opaque, OBTAINED.plusSeconds(300), "tGzv3JOkF0XG5Qx2TlKWIA", idToken);
			SessionSecrets secrets = new SessionSecrets("alice", ID_CLAIMS, tokens, CREATED, OBTAINED, DEADLINE);

			SessionSecrets read = SessionSecrets.fromBytes(secrets.toBytes(), null);

			assertThat(read).as(opaque).isEqualTo(secrets);
		}
	}

	@Test
	void fromBytesWhenNoRefreshNorIdTokenThenAbsentAgain() {
		TokenSet accessOnly = new TokenSet(this.jwts.accessToken(), OBTAINED, null, null);
		SessionSecrets secrets = new SessionSecrets("alice", "{}", accessOnly, CREATED, OBTAINED, DEADLINE);

		assertThat(SessionSecrets.fromBytes(secrets.toBytes(), null)).isEqualTo(secrets);
	}

	@Test
	void fromBytesWhenFormatTwoThenReadWithTheHashsCreationTime() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(2);
			writeStrings(out, "alice", "{}", "access");
			out.writeLong(OBTAINED.plusSeconds(300).toEpochMilli());
			writeStrings(out, "refresh", "id");
			out.writeLong(OBTAINED.toEpochMilli());
			out.writeLong(DEADLINE.toEpochMilli());
		}

		SessionSecrets read = SessionSecrets.fromBytes(bytes.toByteArray(), CREATED);

		assertThat(read).isEqualTo(new SessionSecrets("alice", "{}", this.tokens, CREATED, OBTAINED, DEADLINE));
	}

	@Test
	void fromBytesWhenFormatOneThenReadWithoutASealedDeadline() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			writeStrings(out, "alice", "{}", "access");
			out.writeLong(OBTAINED.plusSeconds(300).toEpochMilli());
			writeStrings(out, "refresh", "id");
		}

		SessionSecrets read = SessionSecrets.fromBytes(bytes.toByteArray(), OBTAINED);

		assertThat(read.tokens()).isEqualTo(this.tokens);
		assertThat(read.tokensObtainedAt()).isEqualTo(OBTAINED);
		assertThat(read.deadline()).isNull();
	}

	@Test
	void fromBytesWhenFormatUnknownThenNull() {
		byte[] bytes = new SessionSecrets("alice", "{}", this.tokens, CREATED, OBTAINED, DEADLINE).toBytes();
		bytes[0] = 9;

		assertThat(SessionSecrets.fromBytes(bytes, Instant.EPOCH)).isNull();
	}

	@Test
	void fromBytesWhenCutShortThenNull() {
		byte[] bytes = new SessionSecrets("alice", "{}", this.jwts, CREATED, OBTAINED, DEADLINE).toBytes();

		for (int cut = 1; cut < bytes.length; cut += 7) {
			assertThat(SessionSecrets.fromBytes(Arrays.copyOf(bytes, bytes.length - cut), null)).as("cut %d", cut)
				.isNull();
		}
	}

	private static String jsonSegment(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String jwt(String header, String claims) {
		byte[] signature = new byte[256];
		Arrays.fill(signature, (byte) 7);
		return header + "." + jsonSegment(claims) + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
	}

	private static void writeStrings(DataOutputStream out, String... values) throws IOException {
		for (String value : values) {
			byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
			out.writeInt(utf8.length);
			out.write(utf8);
		}
	}

}
