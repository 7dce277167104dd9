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
 * What a session keeps sealed: the user's identity, tokens, when the gateway got those
 * tokens, and the session's absolute deadline. A compact binary form (length-prefixed
 * UTF-8) keeps Redis small and avoids a JSON parse per request.
 *
 * <p>The deadline lives inside the seal so that whoever can write to Redis cannot extend a
 * session: the {@code x} field beside it only lets Redis expire the key in time. Format 1
 * (before the deadline and the tokens' age were sealed) is still read during a rolling
 * upgrade; the next write stores format 2.
 *
 * @param tokensObtainedAt when the gateway received {@code tokens} from the IdP
 * @param deadline the absolute deadline, or null for a format 1 value
 */
record SessionSecrets(String subject, String claimsJson, TokenSet tokens, Instant tokensObtainedAt,
		Instant deadline) {

	private static final byte LEGACY_FORMAT = 1;

	private static final byte FORMAT = 2;

	byte[] toBytes() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			writeString(out, this.subject);
			writeString(out, this.claimsJson);
			writeString(out, this.tokens.accessToken());
			out.writeLong(this.tokens.accessTokenExpiresAt().toEpochMilli());
			writeString(out, this.tokens.refreshToken());
			writeString(out, this.tokens.idToken());
			out.writeLong(this.tokensObtainedAt.toEpochMilli());
			out.writeLong(this.deadline.toEpochMilli());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * The secrets, or null when the value is in a format this version does not know (a newer
	 * gateway wrote it during a rolling upgrade) or is cut short: both are treated as no session.
	 * {@code storedAt} stands in for the tokens' age in a format 1 value.
	 */
	static SessionSecrets fromBytes(byte[] bytes, Instant storedAt) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			byte format = in.readByte();
			if (format != FORMAT && format != LEGACY_FORMAT) {
				return null;
			}
			String subject = readString(in);
			String claimsJson = readString(in);
			String accessToken = readString(in);
			Instant expiresAt = Instant.ofEpochMilli(in.readLong());
			String refreshToken = readString(in);
			String idToken = readString(in);
			TokenSet tokens = new TokenSet(accessToken, expiresAt, refreshToken, idToken);
			if (format == LEGACY_FORMAT) {
				return new SessionSecrets(subject, claimsJson, tokens, storedAt, null);
			}
			Instant obtainedAt = Instant.ofEpochMilli(in.readLong());
			Instant deadline = Instant.ofEpochMilli(in.readLong());
			return new SessionSecrets(subject, claimsJson, tokens, obtainedAt, deadline);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
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
