package dev.sessiongate.interop;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * An upstream API that trusts Keycloak as a resource server does: a bearer JWT signed RS256
 * by a key of the realm's JWKS, from the realm's issuer, unexpired (no leeway), of type
 * {@code Bearer} and issued to the expected client ({@code azp}). Answers any path with the
 * token's {@code sub}, {@code jti}, {@code azp} and {@code sid}, and the cookies it got;
 * never the token. The sandbox API cannot stand in: it reads the sandbox IdP's JWKS path.
 */
public final class KeycloakProtectedApi implements AutoCloseable {

	private static final int JWKS_TIMEOUT_MILLIS = 5000;

	private static final int JWKS_SIZE_LIMIT = 64 * 1024;

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	private final Set<String> refusedJtis = ConcurrentHashMap.newKeySet();

	private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

	private final LoopResources loops = LoopResources.create("keycloak-api", 1, true);

	private final DisposableServer server;

	private KeycloakProtectedApi(LocalKeycloak keycloak, String clientId) {
		this.processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks(keycloak))));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
				new JWTClaimsSet.Builder().issuer(keycloak.issuer()).claim("typ", "Bearer").claim("azp", clientId).build(),
				Set.of("sub", "exp", "iat", "jti"));
		claims.setMaxClockSkew(0);
		this.processor.setJWTClaimsSetVerifier(claims);
		this.server = HttpServer.create().host("127.0.0.1").port(0).runOn(this.loops).handle(this::handle).bindNow();
	}

	/** An API for tokens that Keycloak issued to {@code clientId}; reads the JWKS now, on this thread. */
	public static KeycloakProtectedApi start(LocalKeycloak keycloak, String clientId) {
		return new KeycloakProtectedApi(keycloak, clientId);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Answers 401 to the token with this {@code jti} from now on, as after a revocation. */
	public void refuse(String jti) {
		this.refusedJtis.add(jti);
	}

	/** The calls answered so far, in completion order. */
	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		JWTClaimsSet claims = validClaims(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
		if (claims == null || this.refusedJtis.contains(claims.getJWTID())) {
			this.calls.add(new Call(request.uri(), (claims != null) ? claims.getJWTID() : null, 401));
			return response.status(401)
				.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.send()
				.then();
		}
		this.calls.add(new Call(request.uri(), claims.getJWTID(), 200));
		Map<String, @Nullable Object> echo = new LinkedHashMap<>();
		echo.put("sub", claims.getSubject());
		echo.put("jti", claims.getJWTID());
		echo.put("azp", claims.getClaim("azp"));
		echo.put("sid", claims.getClaim("sid"));
		echo.put("cookie", request.requestHeaders().get(HttpHeaderNames.COOKIE));
		return response.status(200)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.sendString(Mono.just(JSONObjectUtils.toJSONString(echo)))
			.then();
	}

	private @Nullable JWTClaimsSet validClaims(@Nullable String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return null;
		}
		try {
			return this.processor.process(authorization.substring(7), null);
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			return null;
		}
	}

	private static JWKSet jwks(LocalKeycloak keycloak) {
		try {
			return JWKSet.load(URI.create(keycloak.issuer() + "/protocol/openid-connect/certs").toURL(),
					JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT);
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException("Cannot load Keycloak's JWKS", ex);
		}
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(2));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(2));
	}

	/** One answered call: the path and query, the presented token's {@code jti} (when it was valid) and the status. */
	public record Call(String uri, @Nullable String jti, int status) {
	}

}
