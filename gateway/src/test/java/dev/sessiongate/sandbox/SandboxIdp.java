package dev.sessiongate.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A local OpenID Provider over real HTTP on 127.0.0.1: discovery, JWKS, a UI-less authorization endpoint with PKCE,
 * a token endpoint with refresh-token rotation and reuse detection, revocation and end-session. Tests inject token
 * endpoint failures and ID-token flaws, and read counters. Every method is safe to call while requests are in flight.
 */
public final class SandboxIdp implements AutoCloseable {

	private final Settings settings;

	private final SandboxServer server;

	private final String issuer;

	private final JwtSigner signer;

	private final OpaqueTokens opaqueTokens = new OpaqueTokens();

	private final @Nullable SandboxServer mutualTls;

	private final IdpCounters counters = new IdpCounters();

	private final TokenFailures failures = new TokenFailures();

	private final RefreshTokenFamilies families;

	private final SandboxTokenIssuer tokens;

	private SandboxIdp(Settings settings) {
		this.settings = settings;
		this.signer = JwtSigner.generate(settings.quirks().idTokenAlgorithm());
		this.server = SandboxServer.bind("sandbox-idp", settings.port());
		this.issuer = "http://127.0.0.1:" + this.server.port();
		TestCertificates pki = settings.quirks().certificates();
		this.mutualTls = (pki != null) ? SandboxServer.bindMutualTls("sandbox-idp-mtls", pki) : null;
		this.families = new RefreshTokenFamilies(settings.refreshTokenRotation());
		this.tokens = new SandboxTokenIssuer(this.issuer, settings, this.signer, this.opaqueTokens);
		HttpServerRoutes routes = routes();
		this.server.serve(routes);
		if (this.mutualTls != null) {
			this.mutualTls.serve(routes);
		}
	}

	public static SandboxIdp start() {
		return start(Settings.defaults());
	}

	public static SandboxIdp start(Settings settings) {
		return new SandboxIdp(settings);
	}

	private HttpServerRoutes routes() {
		ClientAuthentication clients = new ClientAuthentication(this.settings, this.issuer);
		AuthorizationCodes codes = new AuthorizationCodes(this.families, this.settings.clock());
		DiscoveryEndpoint discovery = new DiscoveryEndpoint(this.issuer,
				(this.mutualTls != null) ? "https://127.0.0.1:" + this.mutualTls.port() : null, this.settings,
				this.signer);
		PushedAuthorizationEndpoint par = new PushedAuthorizationEndpoint(clients, this.settings.clock());
		AuthorizeEndpoint authorize = new AuthorizeEndpoint(this.issuer, this.settings, codes, par);
		TokenEndpoint token = new TokenEndpoint(this.failures, clients,
				new AuthorizationCodeGrant(codes, this.families, this.tokens),
				new RefreshTokenGrant(this.families, this.tokens, this.counters), this.counters,
				this.settings.quirks().requiredTokenParameters());
		RevocationEndpoint revocation = new RevocationEndpoint(clients, this.families, this.counters);
		EndSessionEndpoint endSession = new EndSessionEndpoint(this.families, this.counters);
		return HttpServerRoutes.newRoutes()
			.get("/.well-known/openid-configuration", discovery::configuration)
			.get("/jwks", discovery::jwks)
			.get("/authorize", authorize::handle)
			.post("/token", token::handle)
			.post("/revoke", revocation::handle)
			.post("/par", par::handle)
			.get("/logout", endSession::handle);
	}

	public String issuer() {
		return this.issuer;
	}

	public int port() {
		return this.server.port();
	}

	public String clientId() {
		return this.settings.clientId();
	}

	public String clientSecret() {
		return this.settings.clientSecret();
	}

	public Settings settings() {
		return this.settings;
	}

	/**
	 * The signing key, private part included, for tests that forge tokens the gateway must accept.
	 */
	public RSAKey signingKey() {
		return this.signer.key();
	}

	/**
	 * Signs in {@code subject} without the browser round trip, starting a new refresh-token family as a code
	 * exchange does.
	 */
	public SandboxTokens issueTokens(String subject) {
		RefreshTokenFamily family = this.families.start(subject, Settings.DEFAULT_SCOPE,
				this.settings.clock().instant());
		return this.tokens.tokens(family, this.families.currentToken(family), null, null);
	}

	public String logoutToken(@Nullable String subject, @Nullable String sid) {
		return this.tokens.logoutToken(subject, sid);
	}

	public String logoutToken(JWTClaimsSet claims) {
		return this.signer.signIdToken(claims.toJSONObject());
	}

	public String signUnknownKey(JWTClaimsSet claims) {
		return this.signer.signWithUnknownKey(claims.toJSONObject());
	}

	/**
	 * Makes the next {@code count} token requests fail with {@code failure}, in arrival order.
	 */
	public void failNextTokenRequests(int count, TokenFailure failure) {
		this.failures.add(count, failure);
	}

	/**
	 * Delays every token request by {@code delay}, on top of any queued failure; {@link Duration#ZERO} clears it.
	 */
	public void delayAllTokenRequests(Duration delay) {
		this.failures.standingDelay(delay);
	}

	public void clearFailures() {
		this.failures.clear();
	}

	/**
	 * Lifetime of access tokens issued from now on; zero or negative makes them born expired.
	 */
	public void accessTokenLifetime(Duration lifetime) {
		this.tokens.accessTokenLifetime(lifetime);
	}

	/**
	 * Tokens issued from now on are shaped and sized like Keycloak's (access 1359, refresh 720, ID
	 * 1150 characters; see {@link KeycloakSizes}), or back to the sandbox's small ones.
	 */
	public void keycloakSizedTokens(boolean sized) {
		this.tokens.keycloakSized(sized);
		this.families.keycloakSized(sized);
	}

	public void nextIdTokenFlaw(IdTokenFlaw flaw) {
		this.tokens.nextIdTokenFlaw(flaw);
	}

	/**
	 * Successful {@code refresh_token} grants.
	 */
	public int refreshCount() {
		return this.counters.refreshes();
	}

	public int refreshCount(String sid) {
		return this.counters.refreshes(sid);
	}

	public Map<String, Integer> refreshCountsBySid() {
		return this.counters.refreshesBySid();
	}

	/**
	 * {@code refresh_token} grants answered {@code invalid_grant}, injected ones included.
	 */
	public int rejectedRefreshCount() {
		return this.counters.rejectedRefreshes();
	}

	/**
	 * Every {@code POST /token}, failed and injected ones included.
	 */
	public int tokenRequests() {
		return this.counters.tokenRequests();
	}

	public int reuseDetections() {
		return this.counters.reuseDetections();
	}

	/**
	 * Client-authenticated {@code POST /revoke} requests carrying a token, whether or not it was known.
	 */
	public int revocations() {
		return this.counters.revocations();
	}

	public int endSessionRequests() {
		return this.counters.endSessions();
	}

	public boolean isFamilyRevoked(String sid) {
		return this.families.isRevoked(sid);
	}

	public void resetCounters() {
		this.counters.reset();
	}

	/** What an opaque access token stands for, or null: the sandbox API's introspection. */
	@Nullable JWTClaimsSet introspect(String token) {
		return this.opaqueTokens.introspect(token);
	}

	@Override
	public void close() {
		if (this.mutualTls != null) {
			this.mutualTls.close();
		}
		this.server.close();
	}

	/**
	 * How the sandbox IdP behaves; start from {@link #defaults()} and change what a test needs.
	 *
	 * @param port the port, 0 (the default) for a random free one
	 * @param clientId defaults to {@code gateway}
	 * @param clientSecret defaults to {@code sandbox-secret}
	 * @param accessTokenLifetime defaults to 300 seconds
	 * @param idTokenLifetime defaults to 300 seconds
	 * @param refreshTokenRotation defaults to true; when false, refresh responses omit {@code refresh_token}
	 * @param clientAuthMethod {@code client_secret_basic} (the default), {@code client_secret_post},
		 * {@code private_key_jwt} (needs {@link Quirks#clientKey()}) or {@code tls_client_auth} (needs
		 * {@link Quirks#certificates()})
	 * @param subject the user {@code /authorize} signs in, defaults to {@code alice}
	 * @param claims that user's profile claims, defaults to Alice Example's
	 * @param clock defaults to the system clock
	 * @param quirks how it behaves like one kind of provider or another; defaults to {@link Quirks#none()}
	 */
	public record Settings(int port, String clientId, String clientSecret, Duration accessTokenLifetime,
			Duration idTokenLifetime, boolean refreshTokenRotation, String clientAuthMethod, String subject,
			Map<String, Object> claims, Clock clock, Quirks quirks) {

		static final String DEFAULT_SCOPE = "openid profile email offline_access";

		public Settings {
			if (!ClientAuthentication.METHODS.contains(clientAuthMethod)) {
				throw new IllegalArgumentException("Unsupported client auth method: " + clientAuthMethod);
			}
			claims = Map.copyOf(claims);
		}

		public static Settings defaults() {
			return new Settings(0, "gateway", "sandbox-secret", Duration.ofSeconds(300), Duration.ofSeconds(300), true,
					ClientAuthentication.BASIC, "alice", Map.of("name", "Alice Example", "email", "alice@example.com",
							"preferred_username", "alice"),
					Clock.systemUTC(), Quirks.none());
		}

		public Settings withPort(int port) {
			return new Settings(port, this.clientId, this.clientSecret, this.accessTokenLifetime, this.idTokenLifetime,
					this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withClient(String clientId, String clientSecret) {
			return new Settings(this.port, clientId, clientSecret, this.accessTokenLifetime, this.idTokenLifetime,
					this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withAccessTokenLifetime(Duration lifetime) {
			return new Settings(this.port, this.clientId, this.clientSecret, lifetime, this.idTokenLifetime,
					this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withIdTokenLifetime(Duration lifetime) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime, lifetime,
					this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withRefreshTokenRotation(boolean rotation) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime,
					this.idTokenLifetime, rotation, this.clientAuthMethod, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withClientAuthMethod(String method) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime,
					this.idTokenLifetime, this.refreshTokenRotation, method, this.subject, this.claims, this.clock, this.quirks);
		}

		public Settings withUser(String subject, Map<String, Object> claims) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime,
					this.idTokenLifetime, this.refreshTokenRotation, this.clientAuthMethod, subject, claims,
					this.clock, this.quirks);
		}

		public Settings withClock(Clock clock) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime,
					this.idTokenLifetime, this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims,
					clock, this.quirks);
		}

		public Settings withQuirks(Quirks quirks) {
			return new Settings(this.port, this.clientId, this.clientSecret, this.accessTokenLifetime,
					this.idTokenLifetime, this.refreshTokenRotation, this.clientAuthMethod, this.subject, this.claims,
					this.clock, quirks);
		}

		/**
		 * Profile claims for {@code subject}: the configured user's, or ones derived from the name for others.
		 */
		Map<String, Object> userClaims(String subject) {
			if (subject.equals(this.subject)) {
				return this.claims;
			}
			return Map.of("name", subject, "email", subject + "@example.com", "preferred_username", subject);
		}

	}

}
