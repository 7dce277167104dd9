package dev.sessiongate.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.sessiongate.token.TokenSet;

/**
 * What a session keeps sealed: the user's identity, tokens, when the session began and the
 * gateway got those tokens, and the session's absolute deadline. A compact binary form keeps
 * Redis small and avoids a JSON parse per request.
 *
 * <p>The deadline lives inside the seal so that whoever can write to Redis cannot extend a
 * session: the {@code x} field beside it only lets Redis expire the key in time.
 *
 * <p>Format 3 (issue 11) stores JWTs as their decoded segments ({@link CompactTokens}), and
 * no claims when they are the ID token's own (a login's always are): they are read back from
 * the ID token's payload. Its creation time is sealed too, so the hash needs no {@code c}.
 * Formats 1 and 2 (before) are still read, during a rolling upgrade and until each session's
 * next write; an older gateway cannot read format 3 and treats such a session as absent.
 *
 * @param createdAt when the session began
 * @param tokensObtainedAt when the gateway received {@code tokens} from the IdP
 * @param deadline the absolute deadline, or null for a format 1 value
 */
record SessionSecrets(String subject, String claimsJson, TokenSet tokens, Instant createdAt, Instant tokensObtainedAt,
		Instant deadline) {

	private static final byte FORMAT_1 = 1;

	private static final byte FORMAT_2 = 2;

	private static final byte FORMAT = 3;

	private static final byte CLAIMS_OF_ID_TOKEN = 0;

	private static final byte CLAIMS_STORED = 1;

	byte[] toBytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeLong(this.createdAt.toEpochMilli());
			out.writeLong(this.tokensObtainedAt.toEpochMilli());
			out.writeLong(this.deadline.toEpochMilli());
			out.writeLong(this.tokens.accessTokenExpiresAt().toEpochMilli());
			CompactTokens.writeBytes(out, this.subject.getBytes(StandardCharsets.UTF_8));
			byte[] header = CompactTokens.write(out, this.tokens.accessToken(), null);
			CompactTokens.write(out, this.tokens.idToken(), header);
			CompactTokens.write(out, this.tokens.refreshToken(), null);
			if (IdTokenClaims.areThoseOf(this.claimsJson, this.tokens.idToken())) {
				out.writeByte(CLAIMS_OF_ID_TOKEN);
			}
			else {
				out.writeByte(CLAIMS_STORED);
				CompactTokens.writeBytes(out, this.claimsJson.getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The secrets, or null when the value is in a format this version does not know (a newer
	 * gateway wrote it during a rolling upgrade) or is cut short: both are treated as no session.
	 * {@code storedAt}, the hash's creation time (formats 1 and 2 only), stands in for the
	 * session's start, and for the tokens' age in a format 1 value.
	 */
	static SessionSecrets fromBytes(byte[] bytes, Instant storedAt) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte format = in.readByte();
			if (format == FORMAT) {
				return readCompact(in);
			}
			if ((format != FORMAT_2 && format != FORMAT_1) || storedAt == null) {
				return null;
			}
			String subject = readString(in);
			String claimsJson = readString(in);
			String accessToken = readString(in);
			Instant expiresAt = Instant.ofEpochMilli(in.readLong());
			String refreshToken = readString(in);
			String idToken = readString(in);
			TokenSet tokens = new TokenSet(accessToken, expiresAt, refreshToken, idToken);
			if (format == FORMAT_1) {
				return new SessionSecrets(subject, claimsJson, tokens, storedAt, storedAt, null);
			}
			Instant obtainedAt = Instant.ofEpochMilli(in.readLong());
			Instant deadline = Instant.ofEpochMilli(in.readLong());
			return new SessionSecrets(subject, claimsJson, tokens, storedAt, obtainedAt, deadline);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static SessionSecrets readCompact(DataInputStream in) throws IOException {
		Instant createdAt = Instant.ofEpochMilli(in.readLong());
		Instant obtainedAt = Instant.ofEpochMilli(in.readLong());
		Instant deadline = Instant.ofEpochMilli(in.readLong());
		Instant expiresAt = Instant.ofEpochMilli(in.readLong());
		String subject = new String(CompactTokens.readBytes(in), StandardCharsets.UTF_8);
		CompactTokens.Read access = CompactTokens.read(in, null);
		CompactTokens.Read id = CompactTokens.read(in, access.header());
		CompactTokens.Read refresh = CompactTokens.read(in, null);
		byte claims = in.readByte();
		if (claims == CLAIMS_OF_ID_TOKEN && id.payload() == null) {
			throw new IOException("claims of an ID token that is not a JWS");
		}
		String claimsJson = (claims == CLAIMS_OF_ID_TOKEN) ? new String(id.payload(), StandardCharsets.UTF_8)
				: new String(CompactTokens.readBytes(in), StandardCharsets.UTF_8);
		TokenSet tokens = new TokenSet(access.token(), expiresAt, refresh.token(), id.token());
		return new SessionSecrets(subject, claimsJson, tokens, createdAt, obtainedAt, deadline);
	}

	private static String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		byte[] utf8 = in.readNBytes(length);
		if (utf8.length != length) {
			throw new IOException("truncated");
		}
		return new String(utf8, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "SessionSecrets[subject=" + this.subject + ", " + this.tokens + "]";
	}

}
