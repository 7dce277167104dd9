package dev.sessiongate.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for requests no well-behaved client would send:
 * forbidden methods, oversized or malformed heads, repeated cookies. One request per
 * connection ({@code Connection: close}). Blocking: call it from the test thread only.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
	public static Response send(int port, String head, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			String fullHead = head + "\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
					+ ((body.length > 0) ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
			socket.getOutputStream().write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			return Response.read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Response send(int port, String head) {
		return send(port, head, new byte[0]);
	}

	/** What came back: the status, the headers (names lowercased, last value wins) and the body as text. */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response read(InputStream in) throws IOException {
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] chunk = new byte[8192];
			for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
				all.write(chunk, 0, n);
			}
			String text = all.toString(StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IOException("no complete response head: " + text.length() + " bytes");
			}
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
			}
			String body = new String(all.toByteArray(), end + 4, all.size() - end - 4, StandardCharsets.UTF_8);
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
		}

	}

}
