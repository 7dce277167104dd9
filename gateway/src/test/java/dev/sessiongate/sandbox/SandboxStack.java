package dev.sessiongate.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.nimbusds.jwt.JWTParser;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionId;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The sandbox IdP, the sandbox API and a gateway in front of them, on a real Redis:
 * everything an integration test needs, over real HTTP on loopback.
 */
public final class SandboxStack implements AutoCloseable {

	private final SandboxIdp idp;

	private final SandboxApi api;

	private final SandboxGateway gateway;

	private final Map<String, Object> properties;

	private SandboxStack(SandboxIdp idp, SandboxApi api, SandboxGateway gateway, Map<String, Object> properties) {
		this.idp = idp;
		this.api = api;
		this.gateway = gateway;
		this.properties = properties;
	}

	public static SandboxStack start() {
		return start(SandboxIdp.Settings.defaults(), properties -> {
		}, null);
	}

	/** Starts the stack; {@code customizer} edits the gateway's settings, a non-null clock replaces its clock. */
	/**
	 * A stack whose gateway listens on a port chosen before it starts, since the login
	 * settings name it ({@code server.port} and the browser's redirect URI are set here; the
	 * customizer gets the port for the rest). A port taken between choosing and binding is
	 * tried again, up to five times.
	 */
	public static SandboxStack startOnKnownPort(SandboxIdp.Settings idpSettings,
			BiConsumer<Integer, Map<String, Object>> customizer, Clock clock) {
		RuntimeException last = new IllegalStateException("no attempt");
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePort();
			try {
				return start(idpSettings, properties -> {
					properties.put("server.port", port);
					properties.put("sessiongate.oidc.redirect-uri", "http://127.0.0.1:" + port + "/auth/callback");
					customizer.accept(port, properties);
				}, clock);
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static SandboxStack start(SandboxIdp.Settings idpSettings, Consumer<Map<String, Object>> customizer,
			Clock clock) {
		SandboxIdp idp = SandboxIdp.start(idpSettings);
		SandboxApi api = SandboxApi.start(idp);
		Map<String, Object> properties = SandboxGateway.properties(LocalRedis.shared().url(), idp, api.baseUrl());
		customizer.accept(properties);
		return new SandboxStack(idp, api, SandboxGateway.start(properties, clock), Map.copyOf(properties));
	}

	/**
	 * Another gateway instance beside this stack's: the same IdP, API, Redis and sealing key,
	 * with {@code customizer}'s changes; a non-null clock replaces its clock. The caller closes it.
	 */
	public SandboxGateway startAnotherGateway(Consumer<Map<String, Object>> customizer, Clock clock) {
		Map<String, Object> settings = new java.util.LinkedHashMap<>(this.properties);
		customizer.accept(settings);
		return SandboxGateway.start(settings, clock);
	}

	public SandboxIdp idp() {
		return this.idp;
	}

	public SandboxApi api() {
		return this.api;
	}

	public SandboxGateway gateway() {
		return this.gateway;
	}

	/**
	 * Signs a user in the way the login endpoints will: tokens from the IdP, a session in
	 * the store. Returns the session cookie's value.
	 */
	public SignedIn signIn(String subject) {
		return signIn(subject, this.gateway.bean(SessionStore.class));
	}

	/**
	 * Signs a user in as another instance would: the session is in Redis but not in this
	 * gateway's near cache, so its first request here is a miss.
	 */
	public SignedIn signInElsewhere(String subject) {
		return signIn(subject, this.gateway.context().getBean("redisSessionStore", SessionStore.class));
	}

	private SignedIn signIn(String subject, SessionStore store) {
		SandboxTokens tokens = this.idp.issueTokens(subject);
		SessionCookie.Issued issued = this.gateway.bean(SessionCookie.class).issue();
		TokenSet tokenSet = new TokenSet(tokens.accessToken(), expiry(tokens.accessToken()), tokens.refreshToken(),
				tokens.idToken());
		String claims = "{\"sub\":\"" + subject + "\",\"sid\":\"" + tokens.sid() + "\"}";
		store.create(issued.id(), subject, tokens.sid(), claims, tokenSet).block(Duration.ofSeconds(10));
		return new SignedIn(issued.cookie().getValue(), issued.id(), tokens);
	}

	/** Signs a user in with an access token that has already expired, so the next relayed request refreshes. */
	public SignedIn signInExpired(String subject) {
		this.idp.accessTokenLifetime(Duration.ZERO);
		try {
			return signIn(subject);
		}
		finally {
			this.idp.accessTokenLifetime(this.idp.settings().accessTokenLifetime());
		}
	}

	public WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl(this.gateway.baseUrl())
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	public String cookieName() {
		return this.gateway.bean(SessionCookie.class).name();
	}

	/** The {@code jti} of an access token. */
	public static String jti(String accessToken) {
		try {
			return JWTParser.parse(accessToken).getJWTClaimsSet().getJWTID();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("not a JWT", ex);
		}
	}

	private static Instant expiry(String accessToken) {
		try {
			return JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime().toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("not a JWT", ex);
		}
	}

	@Override
	public void close() {
		this.gateway.close();
		this.api.close();
		this.idp.close();
	}

	/**
	 * A signed-in session: the cookie value, the session it names, and the tokens the IdP issued.
	 * {@link #toString()} prints neither.
	 */
	public record SignedIn(String cookie, SessionId id, SandboxTokens tokens) {

		@Override
		public String toString() {
			return "SignedIn[sid=" + this.tokens.sid() + "]";
		}

	}

}
