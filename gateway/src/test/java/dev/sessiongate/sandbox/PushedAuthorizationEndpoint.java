package dev.sessiongate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /par} (RFC 9126): a client-authenticated authorization request whose parameters are kept for 60
 * seconds under a one-time {@code request_uri}, which {@code /authorize} then takes instead of parameters.
 */
final class PushedAuthorizationEndpoint {

	private static final Duration LIFETIME = Duration.ofSeconds(60);

	private static final Set<String> CLIENT_AUTHENTICATION = Set.of("client_secret", "client_assertion",
			"client_assertion_type");

	private final ClientAuthentication clients;

	private final Clock clock;

	private final Map<String, Pushed> pushed = new ConcurrentHashMap<>();

	PushedAuthorizationEndpoint(ClientAuthentication clients, Clock clock) {
		this.clients = clients;
		this.clock = clock;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return SandboxHttp.form(request).flatMap(form -> {
			if (!this.clients.authenticate(request, form)) {
				return SandboxHttp.send(response, OAuthResponse.invalidClient());
			}
			if (form.containsKey("request_uri")) {
				return SandboxHttp.send(response, OAuthResponse.invalidRequest());
			}
			Map<String, String> parameters = new LinkedHashMap<>(form);
			parameters.keySet().removeAll(CLIENT_AUTHENTICATION);
			String requestUri = "urn:ietf:params:oauth:request_uri:" + SandboxHttp.randomId();
			this.pushed.put(requestUri, new Pushed(parameters, this.clock.instant().plus(LIFETIME)));
			return SandboxHttp.json(response, 201, Map.of("request_uri", requestUri, "expires_in", LIFETIME.toSeconds()));
		});
	}

	/** The pushed parameters behind {@code requestUri}, once, within their lifetime; null otherwise. */
	@Nullable Map<String, String> redeem(String requestUri) {
		Pushed found = this.pushed.remove(requestUri);
		return (found != null && this.clock.instant().isBefore(found.expiresAt())) ? found.parameters() : null;
	}

	private record Pushed(Map<String, String> parameters, Instant expiresAt) {
	}

}
