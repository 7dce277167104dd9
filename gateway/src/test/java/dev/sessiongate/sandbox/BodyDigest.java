package dev.sessiongate.sandbox;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * SHA-256 and length of a request body, computed chunk by chunk so multi-megabyte uploads are never held whole.
 */
final class BodyDigest {

	private final MessageDigest sha256;

	private long length;

	private BodyDigest() {
		try {
			this.sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 unavailable", ex);
		}
	}

	static Mono<BodyDigest> of(ByteBufFlux body) {
		return body.collect(BodyDigest::new, BodyDigest::update);
	}

	// Chunks are released once this returns, so they are consumed here and never retained.
	private void update(ByteBuf chunk) {
		this.length += chunk.readableBytes();
		for (ByteBuffer buffer : chunk.nioBuffers()) {
			this.sha256.update(buffer);
		}
	}

	String hex() {
		return HexFormat.of().formatHex(this.sha256.digest());
	}

	long length() {
		return this.length;
	}

}
