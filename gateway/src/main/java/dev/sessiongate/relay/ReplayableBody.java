package dev.sessiongate.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A request body as the relay sends it upstream: held in memory when it is small enough
 * to send twice (and the global replay budget has room), otherwise streamed once.
 */
final class ReplayableBody {

	private static final ReplayableBody EMPTY = new ReplayableBody(new byte[0], null, null);

	private final byte[] bytes;

	private final Flux<DataBuffer> stream;

	private final ReplayBudget budget;

	private final AtomicBoolean released = new AtomicBoolean();

	private ReplayableBody(byte[] bytes, Flux<DataBuffer> stream, ReplayBudget budget) {
		this.bytes = bytes;
		this.stream = stream;
		this.budget = budget;
	}

	static ReplayableBody buffered(byte[] bytes, ReplayBudget budget) {
		return new ReplayableBody(bytes, null, budget);
	}

	static ReplayableBody streamed(Flux<DataBuffer> stream) {
		return new ReplayableBody(null, stream, null);
	}

	/**
	 * Buffers the body when it is at most {@code maxBytes}, whether its length is declared or
	 * not (chunked); a larger one streams through untouched. A request with neither
	 * {@code Content-Length} nor {@code Transfer-Encoding} has no body (RFC 9112 6.3), whatever
	 * its method.
	 */
	static Mono<ReplayableBody> of(ServerHttpRequest request, long maxBytes, ReplayBudget budget, Duration idleTimeout) {
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		boolean chunked = headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		if (length == 0 || (length < 0 && !chunked)) {
			return Mono.just(EMPTY);
		}
		if (length > maxBytes) {
			return Mono.just(streamed(request.getBody()));
		}
		return BodyBuffering.read(request.getBody(), maxBytes, budget, idleTimeout);
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

	/** Gives the buffered bytes back to the replay budget, once the exchange is done with them. */
	void release() {
		if (this.budget != null && this.released.compareAndSet(false, true)) {
			this.budget.release(this.bytes.length);
		}
	}

}
