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

	AuthorizeEndpoint(String issuer, SandboxIdp.Settings settings, AuthorizationCodes codes) {
		this.issuer = issuer;
		this.settings = settings;
		this.codes = codes;
		this.clock = settings.clock();
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Map<String, String> query = SandboxHttp.query(request);
		AuthorizationRequest accepted = accept(query);
		if (accepted == null) {
			return SandboxHttp.send(response, OAuthResponse.invalidRequest());
		}
		String code = this.codes.issue(accepted);
		String location = redirect(accepted, code, query.get("state")) + "&iss=" + encode(this.issuer);
		return response.status(302).header(HttpHeaderNames.LOCATION, location).send();
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
