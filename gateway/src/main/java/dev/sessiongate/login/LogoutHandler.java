package dev.sessiongate.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.sessiongate.csrf.CsrfCheck;
import dev.sessiongate.observability.FailureLog;
import dev.sessiongate.observability.GatewayMeters;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionEndReason;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.OidcProperties;
import dev.sessiongate.token.ProviderMetadata;
import dev.sessiongate.token.ProviderMetadataSource;
import dev.sessiongate.token.TokenRevocationClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /auth/logout}: revokes the session's refresh token at the IdP (RFC 7009),
 * deletes the session and clears the cookie, then hands back the IdP's end-session URL
 * (RP-Initiated Logout) when it has one. A failed revocation is counted and the session
 * ends regardless: the user asked to leave, and the IdP's outage must not keep them in.
 */
@Component
class LogoutHandler {

	private final CsrfCheck csrf;

	private final SessionCookie cookie;

	private final SessionStore sessions;

	private final TokenRevocationClient revocation;

	private final ProviderMetadataSource metadata;

	private final OidcProperties properties;

	private final Counter revocationFailures;

	LogoutHandler(CsrfCheck csrf, SessionCookie cookie, SessionStore sessions, TokenRevocationClient revocation,
			ProviderMetadataSource metadata, OidcProperties properties, MeterRegistry meters) {
		this.csrf = csrf;
		this.cookie = cookie;
		this.sessions = sessions;
		this.revocation = revocation;
		this.metadata = metadata;
		this.properties = properties;
		this.revocationFailures = Counter.builder(GatewayMeters.LOGOUT_REVOCATION_FAILURES).register(meters);
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		return this.csrf.verify(request.exchange().getRequest())
			.then(Mono.justOrEmpty(this.cookie.read(request.exchange().getRequest())))
			.flatMap(this.sessions::find)
			.flatMap(this::end)
			.defaultIfEmpty("")
			.flatMap(endSessionUrl -> {
				Map<String, Object> body = new HashMap<>();
				body.put("end_session_url", endSessionUrl.isEmpty() ? null : endSessionUrl);
				return AuthResponses.json(AuthResponses.ok().cookie(this.cookie.cleared()), body);
			});
	}

	/** Ends the session; emits its end-session URL, or empty when the IdP has none. */
	private Mono<String> end(Session session) {
		return revoke(session)
			.then(this.sessions.delete(session.id(), SessionEndReason.LOGOUT))
			.then(this.metadata.get().onErrorResume(ex -> Mono.empty()))
			.mapNotNull(provider -> endSessionUrl(provider, session));
	}

	private Mono<Void> revoke(Session session) {
		if (!session.tokens().hasRefreshToken()) {
			return Mono.empty();
		}
		return this.revocation.revoke(session.tokens().refreshToken())
			.onErrorResume(failure -> {
				FailureLog.IDENTITY_PROVIDER.record(LogoutHandler.class, "revocation at logout: " + failure.getMessage());
				this.revocationFailures.increment();
				return Mono.empty();
			})
			.then();
	}

	private String endSessionUrl(ProviderMetadata provider, Session session) {
		if (provider.endSessionEndpoint() == null) {
			return null;
		}
		String endpoint = provider.endSessionEndpoint().toString();
		StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
		url.append("client_id=").append(encode(this.properties.clientId()));
		if (session.tokens().idToken() != null) {
			url.append("&id_token_hint=").append(encode(session.tokens().idToken()));
		}
		if (this.properties.postLogoutRedirectUri() != null) {
			url.append("&post_logout_redirect_uri=").append(encode(this.properties.postLogoutRedirectUri().toString()));
		}
		return url.toString();
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
