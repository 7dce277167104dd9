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
 * What a session keeps sealed: the user's identity and tokens. A compact binary form
 * (length-prefixed UTF-8) keeps Redis small and avoids a JSON parse per request.
 */
record SessionSecrets(String subject, String claimsJson, TokenSet tokens) {

	private static final byte FORMAT = 1;

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
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static SessionSecrets fromBytes(byte[] bytes) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
			if (in.readByte() != FORMAT) {
				throw new IllegalStateException("unknown session format");
			}
			String subject = readString(in);
			String claimsJson = readString(in);
			String accessToken = readString(in);
			Instant expiresAt = Instant.ofEpochMilli(in.readLong());
			String refreshToken = readString(in);
			String idToken = readString(in);
			return new SessionSecrets(subject, claimsJson, new TokenSet(accessToken, expiresAt, refreshToken, idToken));
		}
		catch (IOException ex) {
			throw new IllegalStateException("session value is truncated");
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
