package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A Reactor Netty server on 127.0.0.1 with its own event loops, so the sandbox never competes with the gateway under
 * test for the shared Reactor Netty loops (and a stuck gateway loop cannot stall the IdP).
 */
final class SandboxServer implements AutoCloseable {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

	private final LoopResources loops;

	private final DisposableServer server;

	// The IdP needs its own port to know its issuer, so handlers arrive after binding.
	private final AtomicReference<BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>>> handler;

	private SandboxServer(String name, int port) {
		this.handler = new AtomicReference<>(SandboxServer::notReady);
		this.loops = LoopResources.create(name, 2, true);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.runOn(this.loops)
			.handle((request, response) -> this.handler.get().apply(request, response))
			.bindNow();
	}

	static SandboxServer bind(String name, int port) {
		return new SandboxServer(name, port);
	}

	SandboxServer serve(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
		this.handler.set(handler);
		return this;
	}

	int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow(SHUTDOWN_TIMEOUT);
		this.loops.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT).block(SHUTDOWN_TIMEOUT);
	}

	private static Publisher<Void> notReady(HttpServerRequest request, HttpServerResponse response) {
		return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
	}

}
