package dev.sessiongate.session;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens as a session stores them: a JWS in compact form ({@code header.payload.signature},
 * what most IdPs issue) as its three decoded segments, a quarter smaller than the base64url
 * text, and its header left out when it is the one the token before it had (an IdP signs
 * access and ID tokens with the same key); any other token as UTF-8 text. Only a JWS whose
 * text is exactly what its segments re-encode to is taken apart, so every token reads back
 * as the very string the IdP issued.
 */
final class CompactTokens {

	private static final byte ABSENT = 0;

	private static final byte TEXT = 1;

	private static final byte JWS = 2;

	private static final byte JWS_SAME_HEADER = 3;

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private CompactTokens() {
	}

	/** A token read back, with its decoded header and payload when it is a JWS (null otherwise). */
	record Read(String token, byte[] header, byte[] payload) {
	}

	/** Writes {@code token}; returns its decoded JWS header, for the next token to share, or null. */
	static byte[] write(DataOutputStream out, String token, byte[] previousHeader) throws IOException {
		if (token == null) {
			out.writeByte(ABSENT);
			return null;
		}
		byte[][] segments = segments(token);
		if (segments == null) {
			out.writeByte(TEXT);
			writeBytes(out, token.getBytes(StandardCharsets.UTF_8));
			return null;
		}
		if (Arrays.equals(segments[0], previousHeader)) {
			out.writeByte(JWS_SAME_HEADER);
		}
		else {
			out.writeByte(JWS);
			writeBytes(out, segments[0]);
		}
		writeBytes(out, segments[1]);
		writeBytes(out, segments[2]);
		return segments[0];
	}

	static Read read(DataInputStream in, byte[] previousHeader) throws IOException {
		byte kind = in.readByte();
		switch (kind) {
			case ABSENT:
				return new Read(null, null, null);
			case TEXT:
				return new Read(new String(readBytes(in), StandardCharsets.UTF_8), null, null);
			case JWS:
			case JWS_SAME_HEADER:
				byte[] header = (kind == JWS) ? readBytes(in) : previousHeader;
				if (header == null) {
					throw new IOException("no header to share");
				}
				byte[] payload = readBytes(in);
				byte[] signature = readBytes(in);
				String token = ENCODER.encodeToString(header) + '.' + ENCODER.encodeToString(payload) + '.'
						+ ENCODER.encodeToString(signature);
				return new Read(token, header, payload);
			default:
				throw new IOException("unknown token kind");
		}
	}

	/** The decoded payload of a compact JWS (its claims, for an ID token), or null when it is not one. */
	static byte[] payload(String token) {
		byte[][] segments = (token != null) ? segments(token) : null;
		return (segments != null) ? segments[1] : null;
	}

	/** The three decoded segments, or null unless they re-encode to exactly {@code token}. */
	private static byte[][] segments(String token) {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
			return null;
		}
		try {
			byte[][] segments = { DECODER.decode(token.substring(0, first)),
					DECODER.decode(token.substring(first + 1, second)), DECODER.decode(token.substring(second + 1)) };
			String again = ENCODER.encodeToString(segments[0]) + '.' + ENCODER.encodeToString(segments[1]) + '.'
					+ ENCODER.encodeToString(segments[2]);
			return again.equals(token) ? segments : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
		writeLength(out, bytes.length);
		out.write(bytes);
	}

	static byte[] readBytes(DataInputStream in) throws IOException {
		int length = readLength(in);
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new IOException("truncated");
		}
		return bytes;
	}

	/** Seven bits a byte: lengths under 128 take one byte, under 16384 two. */
	private static void writeLength(DataOutputStream out, int length) throws IOException {
		int rest = length;
		while (rest >= 0x80) {
			out.writeByte((rest & 0x7F) | 0x80);
			rest >>>= 7;
		}
		out.writeByte(rest);
	}

	private static int readLength(DataInputStream in) throws IOException {
		int length = 0;
		for (int shift = 0; shift < 28; shift += 7) {
			int next = in.readUnsignedByte();
			length |= (next & 0x7F) << shift;
			if ((next & 0x80) == 0) {
				return length;
			}
		}
		throw new IOException("length too long");
	}

}
