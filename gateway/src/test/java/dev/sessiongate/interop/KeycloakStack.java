package dev.sessiongate.interop;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.sessiongate.sandbox.RedisTopology;
import dev.sessiongate.sandbox.SandboxGateway;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real gateway, configured for the realm's client {@code gateway} as
 * {@code config/keycloak.example.yml} describes (default scopes, so {@code offline_access}
 * too), in front of a {@link KeycloakProtectedApi} on {@code /api/**}, on the shared
 * Redis and the shared {@link LocalKeycloak}. Keycloak's back-channel logout for the
 * client points at this gateway while it runs.
 */
final class KeycloakStack implements AutoCloseable {

	private static final InteropRealm.Client CLIENT = InteropRealm.Client.GATEWAY;

	private final LocalKeycloak keycloak;

	private final KeycloakAdmin admin;

	private final KeycloakProtectedApi api;

	private final SandboxGateway gateway;

	private KeycloakStack(LocalKeycloak keycloak, KeycloakProtectedApi api, SandboxGateway gateway) {
		this.keycloak = keycloak;
		this.admin = new KeycloakAdmin(keycloak);
		this.api = api;
		this.gateway = gateway;
	}

	static KeycloakStack start() {
		return start(properties -> {
		}, null);
	}

	/**
	 * Starts a stack; {@code customizer} edits the gateway's settings, a non-null clock
	 * replaces its clock. The gateway listens on a port picked beforehand, since its
	 * redirect URI names it; should another process take the port first, it tries another.
	 */
	static KeycloakStack start(Consumer<Map<String, Object>> customizer, @Nullable Clock clock) {
		LocalKeycloak keycloak = LocalKeycloak.shared();
		KeycloakProtectedApi api = KeycloakProtectedApi.start(keycloak, CLIENT.clientId());
		RuntimeException last = new IllegalStateException("no attempt");
		for (int attempt = 0; attempt < 5; attempt++) {
			Map<String, Object> properties = properties(keycloak, api, LocalKeycloak.freePort());
			customizer.accept(properties);
			SandboxGateway gateway;
			try {
				gateway = SandboxGateway.start(properties, clock);
			}
			catch (RuntimeException ex) {
				last = ex;
				continue;
			}
			KeycloakStack stack = new KeycloakStack(keycloak, api, gateway);
			try {
				stack.admin.setBackchannelLogoutUrl(CLIENT.clientId(), stack.baseUrl() + "/auth/logout/backchannel");
			}
			catch (RuntimeException ex) {
				stack.close();
				throw ex;
			}
			return stack;
		}
		api.close();
		throw last;
	}

	private static Map<String, Object> properties(LocalKeycloak keycloak, KeycloakProtectedApi api, int port) {
		Map<String, Object> properties = new LinkedHashMap<>(RedisTopology.current().gatewayProperties());
		properties.put("server.port", port);
		properties.put("management.server.port", 0);
		properties.put("spring.data.redis.timeout", "10s");
		properties.put("sessiongate.oidc.issuer-uri", keycloak.issuer());
		// Keycloak runs on plain http on loopback here; a real IdP's endpoints must be https.
		properties.put("sessiongate.oidc.allow-insecure-http", true);
		properties.putAll(CLIENT.gatewayProperties());
		properties.put("sessiongate.oidc.redirect-uri", "http://127.0.0.1:" + port + "/auth/callback");
		properties.put("sessiongate.oidc.app-redirect-uris[0]", InteropRealm.APP_REDIRECT_URI);
		properties.put("sessiongate.oidc.post-logout-redirect-uri", "http://127.0.0.1:" + port + "/");
		properties.put("sessiongate.session.cookie.secure", false);
		properties.put("sessiongate.session.keys[0].id", "interop");
		properties.put("sessiongate.session.keys[0].secret", SandboxGateway.randomKey());
		properties.put("spring.cloud.gateway.server.webflux.routes[0].id", "api");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].uri", api.baseUrl());
		properties.put("spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/api/**");
		properties.put("spring.cloud.gateway.server.webflux.routes[0].filters[0]", "SessionTokenRelay");
		return properties;
	}

	LocalKeycloak keycloak() {
		return this.keycloak;
	}

	KeycloakAdmin admin() {
		return this.admin;
	}

	KeycloakProtectedApi api() {
		return this.api;
	}

	String baseUrl() {
		return this.gateway.baseUrl();
	}

	String clientId() {
		return CLIENT.clientId();
	}

	String cookieName() {
		return this.gateway.bean(SessionCookie.class).name();
	}

	WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	GatewayLogins logins() {
		return new GatewayLogins(this);
	}

	/**
	 * The gateway's stored session behind a cookie, read through its own store: the tests
	 * need the refresh token and {@code sid} Keycloak issued, which no endpoint returns.
	 */
	@Nullable Session session(String cookie) {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.cookie(new HttpCookie(cookieName(), cookie))
			.build();
		return this.gateway.bean(SessionCookie.class)
			.read(request)
			.map(id -> this.gateway.bean(SessionStore.class).find(id).block(Duration.ofSeconds(10)))
			.orElse(null);
	}

	/** Keycloak's session id ({@code sid}) of a gateway session, from the ID token claims it stored. */
	String sid(String cookie) {
		Session session = session(cookie);
		if (session == null) {
			throw new IllegalStateException("no stored session behind the cookie");
		}
		try {
			return JSONObjectUtils.getString(JSONObjectUtils.parse(session.claimsJson()), "sid");
		}
		catch (ParseException ex) {
			throw new IllegalStateException("stored claims are not JSON", ex);
		}
	}

	@Override
	public void close() {
		this.gateway.close();
		this.api.close();
	}

}
