package dev.sessiongate.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import dev.sessiongate.csrf.CsrfCheck;
import dev.sessiongate.session.Session;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.OidcProperties;
import dev.sessiongate.token.ProviderMetadata;
import dev.sessiongate.token.ProviderMetadataSource;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code POST /auth/logout}: ends the session (see {@link SessionEnding}) and clears the
 * cookie, then hands back the IdP's end-session URL (RP-Initiated Logout) when it has
 * one, with the ID token as {@code id_token_hint} unless that is turned off.
 */
@Component
class LogoutHandler {

	private final CsrfCheck csrf;

	private final SessionCookie cookie;

	private final SessionStore sessions;

	private final SessionEnding ending;

	private final ProviderMetadataSource metadata;

	private final OidcProperties properties;

	private final boolean idTokenHint;

	LogoutHandler(CsrfCheck csrf, SessionCookie cookie, SessionStore sessions, SessionEnding ending,
			ProviderMetadataSource metadata, OidcProperties properties, LogoutProperties logout) {
		this.csrf = csrf;
		this.cookie = cookie;
		this.sessions = sessions;
		this.ending = ending;
		this.metadata = metadata;
		this.properties = properties;
		this.idTokenHint = logout.idTokenHint();
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		return this.csrf.verify(request.exchange().getRequest())
			.then(Mono.fromCallable(() -> this.cookie.read(request.exchange().getRequest())))
			.flatMap(Mono::justOrEmpty)
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
		return this.ending.end(session)
			.then(this.metadata.get().onErrorResume(ex -> Mono.empty()))
			.mapNotNull(provider -> endSessionUrl(provider, session));
	}

	private String endSessionUrl(ProviderMetadata provider, Session session) {
		if (provider.endSessionEndpoint() == null) {
			return null;
		}
		String endpoint = provider.endSessionEndpoint().toString();
		StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
		url.append("client_id=").append(encode(this.properties.clientId()));
		if (this.idTokenHint && session.tokens().idToken() != null) {
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
