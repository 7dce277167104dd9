package dev.sessiongate.session;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import dev.sessiongate.token.TokenSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionSecretsTests {

	private static final Instant OBTAINED = Instant.ofEpochMilli(1_700_000_000_000L);

	private static final Instant DEADLINE = OBTAINED.plusSeconds(43_200);

	private final TokenSet tokens = new TokenSet("access", OBTAINED.plusSeconds(300), "refresh", "id");

	@Test
	void fromBytesWhenWrittenThenTheSameSecretsWithTheirDeadlineAndAge() {
		SessionSecrets secrets = new SessionSecrets("alice", "{}", this.tokens, OBTAINED, DEADLINE);

		SessionSecrets read = SessionSecrets.fromBytes(secrets.toBytes(), Instant.EPOCH);

		assertThat(read).isEqualTo(secrets);
	}

	@Test
	void fromBytesWhenFormatOneThenReadWithoutASealedDeadline() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			for (String value : new String[] { "alice", "{}", "access" }) {
				writeString(out, value);
			}
			out.writeLong(OBTAINED.plusSeconds(300).toEpochMilli());
			writeString(out, "refresh");
			writeString(out, "id");
		}

		SessionSecrets read = SessionSecrets.fromBytes(bytes.toByteArray(), OBTAINED);

		assertThat(read.tokens()).isEqualTo(this.tokens);
		assertThat(read.tokensObtainedAt()).isEqualTo(OBTAINED);
		assertThat(read.deadline()).isNull();
	}

	@Test
	void fromBytesWhenFormatUnknownThenNull() {
		byte[] bytes = new SessionSecrets("alice", "{}", this.tokens, OBTAINED, DEADLINE).toBytes();
		bytes[0] = 9;

		assertThat(SessionSecrets.fromBytes(bytes, Instant.EPOCH)).isNull();
	}

	@Test
	void fromBytesWhenCutShortThenNull() {
		byte[] bytes = new SessionSecrets("alice", "{}", this.tokens, OBTAINED, DEADLINE).toBytes();

		assertThat(SessionSecrets.fromBytes(Arrays.copyOf(bytes, bytes.length - 4), Instant.EPOCH)).isNull();
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

}
