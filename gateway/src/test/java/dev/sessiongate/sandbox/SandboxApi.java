package dev.sessiongate.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * The protected upstream API: any method and path, bearer JWTs from a {@link SandboxIdp} required, answers a JSON
 * description of the request (body hash, subject, jti, cookie) and never the token. Requests are logged for
 * assertions; every method is safe to call while requests are in flight.
 */
public final class SandboxApi implements AutoCloseable {

	private final SandboxServer server;

	private final BearerValidator validator;

	private final ApiRequestLog log = new ApiRequestLog();

	private final ApiGate gate = new ApiGate();

	private SandboxApi(SandboxIdp idp, int port) {
		this.validator = BearerValidator.fetch(idp.issuer(), idp::introspect);
		this.server = SandboxServer.bind("sandbox-api", port).serve(new EchoHandler(this.validator, this.log, this.gate)::handle);
	}

	public static SandboxApi start(SandboxIdp idp) {
		return start(idp, 0);
	}

	public static SandboxApi start(SandboxIdp idp, int port) {
		return new SandboxApi(idp, port);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public int port() {
		return this.server.port();
	}

	/**
	 * Refuses the token with this {@code jti} from now on, as if the upstream had revoked it.
	 */
	public void rejectToken(String jti) {
		this.validator.reject(jti);
	}

	/**
	 * Refuses every token whose {@code iat} is before {@code instant}; {@code iat} has whole-second precision.
	 */
	public void rejectAllTokensIssuedBefore(Instant instant) {
		this.validator.rejectIssuedBefore(instant);
	}

	/** Holds every request to {@code /api/gated/**} before its token is checked, until {@link #openGate()}. */
	public void closeGate() {
		this.gate.close();
	}

	public void openGate() {
		this.gate.open();
	}

	/** Requests that reached {@code /api/gated/**}, held or not. */
	public int gatedArrivals() {
		return this.gate.arrivals();
	}

	public List<ApiRequest> requests() {
		return this.log.snapshot();
	}

	public void clearRequests() {
		this.log.clear();
	}

	public int count401() {
		return this.log.unauthorized();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
