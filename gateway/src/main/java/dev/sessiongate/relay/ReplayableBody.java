package dev.sessiongate.relay;

import java.util.Set;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A request body as the relay sends it upstream: held in memory when it is small enough
 * to send twice, otherwise streamed once.
 */
final class ReplayableBody {

	/** Methods that carry no body unless they say so with a length or chunked encoding. */
	private static final Set<HttpMethod> BODILESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.DELETE, HttpMethod.TRACE);

	private static final ReplayableBody EMPTY = new ReplayableBody(new byte[0], null);

	private final byte[] bytes;

	private final Flux<DataBuffer> stream;

	private ReplayableBody(byte[] bytes, Flux<DataBuffer> stream) {
		this.bytes = bytes;
		this.stream = stream;
	}

	/**
	 * Buffers the body when its declared length is at most {@code maxBytes}; a body of
	 * unknown length (chunked) or larger streams through untouched.
	 */
	static Mono<ReplayableBody> of(ServerHttpRequest request, long maxBytes) {
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		boolean unknownLength = length < 0;
		if (length == 0 || (unknownLength && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
				&& BODILESS.contains(request.getMethod()))) {
			return Mono.just(EMPTY);
		}
		if (unknownLength || length > maxBytes) {
			return Mono.just(new ReplayableBody(null, request.getBody()));
		}
		return DataBufferUtils.join(request.getBody(), (int) maxBytes).map(joined -> {
			byte[] copy = new byte[joined.readableByteCount()];
			joined.read(copy);
			DataBufferUtils.release(joined);
			return new ReplayableBody(copy, null);
		}).defaultIfEmpty(EMPTY);
	}

	boolean isReplayable() {
		return this.bytes != null;
	}

	/** The body for one upstream request; a buffered body yields fresh buffers each time. */
	Flux<DataBuffer> content(DataBufferFactory factory) {
		if (this.bytes == null) {
			return this.stream;
		}
		if (this.bytes.length == 0) {
			// Never the request's own body: the server lets only one subscriber read it.
			return Flux.empty();
		}
		return Flux.defer(() -> Flux.just(factory.wrap(this.bytes)));
	}

}
