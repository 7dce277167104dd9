package dev.sessiongate.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Signs in the configured user without any UI and redirects back with a code and its {@code iss} (RFC 9207), as an
 * IdP with a remembered login does. PKCE with S256 is mandatory; any {@code redirect_uri} is accepted, custom schemes
 * included.
 */
final class AuthorizeEndpoint {

	private final String issuer;

	private final SandboxIdp.Settings settings;

	private final AuthorizationCodes codes;

	private final Clock clock;

	private final PushedAuthorizationEndpoint pushed;

	AuthorizeEndpoint(String issuer, SandboxIdp.Settings settings, AuthorizationCodes codes,
			PushedAuthorizationEndpoint pushed) {
		this.pushed = pushed;
		this.issuer = issuer;
		this.settings = settings;
		this.codes = codes;
		this.clock = settings.clock();
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Map<String, String> sent = SandboxHttp.query(request);
		if (sent.get("request_uri") != null) {
			Map<String, String> parameters = this.pushed.redeem(sent.get("request_uri"));
			if (parameters == null || !this.settings.clientId().equals(sent.get("client_id"))) {
				return SandboxHttp.send(response, OAuthResponse.error(400, "invalid_request_uri"));
			}
			return authorize(response, parameters);
		}
		if (this.settings.quirks().pushedAuthorizationRequired()) {
			return refuse(response, sent);
		}
		return authorize(response, sent);
	}

	private Publisher<Void> authorize(HttpServerResponse response, Map<String, String> query) {
		if (!this.settings.quirks()
			.requiredAuthorizationParameters()
			.entrySet()
			.stream()
			.allMatch(required -> required.getValue().equals(query(query, required.getKey())))) {
			return refuse(response, query);
		}
		AuthorizationRequest accepted = accept(query);
		if (accepted == null) {
			return SandboxHttp.send(response, OAuthResponse.invalidRequest());
		}
		String code = this.codes.issue(accepted);
		String location = redirect(accepted, code, query.get("state")) + "&iss=" + encode(this.issuer);
		return response.status(302).header(HttpHeaderNames.LOCATION, location).send();
	}

	/** Back to the client with {@code error=invalid_request}, as Keycloak answers a request it will not take. */
	private Publisher<Void> refuse(HttpServerResponse response, Map<String, String> query) {
		String redirectUri = query.get("redirect_uri");
		if (redirectUri == null) {
			return SandboxHttp.send(response, OAuthResponse.invalidRequest());
		}
		String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "error=invalid_request"
				+ ((query.get("state") != null) ? "&state=" + encode(query.get("state")) : "") + "&iss="
				+ encode(this.issuer);
		return response.status(302).header(HttpHeaderNames.LOCATION, location).send();
	}

	private static @Nullable String query(Map<String, String> query, String name) {
		return query.get(name);
	}

	private @Nullable AuthorizationRequest accept(Map<String, String> query) {
		String redirectUri = query.get("redirect_uri");
		String scope = query.get("scope");
		String challenge = query.get("code_challenge");
		boolean valid = "code".equals(query.get("response_type"))
				&& this.settings.clientId().equals(query.get("client_id")) && redirectUri != null
				&& scope != null && Arrays.asList(scope.split(" ")).contains("openid") && challenge != null
				&& "S256".equals(query.get("code_challenge_method"));
		if (!valid) {
			return null;
		}
		return new AuthorizationRequest(this.settings.clientId(), redirectUri, scope, query.get("nonce"), challenge,
				this.settings.subject(), this.clock.instant());
	}

	private static String redirect(AuthorizationRequest request, String code, @Nullable String state) {
		String separator = request.redirectUri().contains("?") ? "&" : "?";
		String location = request.redirectUri() + separator + "code=" + encode(code);
		return (state != null) ? location + "&state=" + encode(state) : location;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
