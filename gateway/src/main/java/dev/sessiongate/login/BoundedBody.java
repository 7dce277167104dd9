package dev.sessiongate.login;

import java.nio.charset.StandardCharsets;

import dev.sessiongate.error.FrameworkErrors;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * A small request body read whole as UTF-8 text, up to a byte limit: a longer one, by its
 * declared length or by what arrives, is {@code 413 request_too_large}. Empty when the
 * request has no body.
 */
public final class BoundedBody {

	/**
	 * A body declared too long is still read and dropped up to this much before the 413, so
	 * a client that sends it before reading gets the answer rather than a reset connection.
	 */
	private static final long MAX_DRAINED_BYTES = 1024 * 1024;

	private BoundedBody() {
	}

	public static Mono<String> text(ServerRequest request, long maxBytes) {
		long declared = request.headers().contentLength().orElse(-1);
		if (declared > maxBytes) {
			return (declared <= MAX_DRAINED_BYTES) ? drained(request).then(Mono.error(FrameworkErrors.tooLarge()))
					: Mono.error(FrameworkErrors.tooLarge());
		}
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) maxBytes)
			.onErrorMap(DataBufferLimitException.class, ex -> FrameworkErrors.tooLarge())
			.map(BoundedBody::text);
	}

	private static Mono<Void> drained(ServerRequest request) {
		return request.body(BodyExtractors.toDataBuffers()).doOnNext(DataBufferUtils::release).then();
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
