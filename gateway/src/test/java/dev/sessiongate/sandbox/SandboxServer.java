package dev.sessiongate.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
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

	private SandboxServer(String name, int port, @Nullable SslContext tls) {
		this.handler = new AtomicReference<>(SandboxServer::notReady);
		this.loops = LoopResources.create(name, 2, true);
		HttpServer http = HttpServer.create().host("127.0.0.1").port(port).runOn(this.loops);
		if (tls != null) {
			http = http.secure(spec -> spec.sslContext(tls));
		}
		this.server = http.handle((request, response) -> this.handler.get().apply(request, response)).bindNow();
	}

	static SandboxServer bind(String name, int port) {
		return new SandboxServer(name, port, null);
	}

	/**
	 * A TLS server with the test PKI's server certificate that asks for a client certificate: an untrusted one fails
	 * the handshake, none at all is for the endpoint to refuse.
	 */
	static SandboxServer bindMutualTls(String name, TestCertificates pki) {
		try {
			SslContext tls = SslContextBuilder.forServer(pki.serverKey(), pki.server())
				.trustManager(pki.ca())
				.clientAuth(ClientAuth.OPTIONAL)
				.build();
			return new SandboxServer(name, 0, tls);
		}
		catch (SSLException ex) {
			throw new IllegalStateException("TLS server could not be set up", ex);
		}
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
