package dev.sessiongate.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTParser;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /logout} (RP-Initiated Logout 1.0). An {@code id_token_hint} ends that login: its refresh-token
 * family is revoked, as Keycloak does when a session ends.
 */
final class EndSessionEndpoint {

	private final RefreshTokenFamilies families;

	private final IdpCounters counters;

	EndSessionEndpoint(RefreshTokenFamilies families, IdpCounters counters) {
		this.families = families;
		this.counters = counters;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Map<String, String> query = SandboxHttp.query(request);
		this.counters.endSession();
		String hint = query.get("id_token_hint");
		if (hint != null) {
			endLogin(hint);
		}
		String redirect = query.get("post_logout_redirect_uri");
		if (redirect == null) {
			return SandboxHttp.json(response, 200, Map.of("logged_out", true));
		}
		String state = query.get("state");
		String location = (state != null) ? redirect + (redirect.contains("?") ? "&" : "?") + "state="
				+ URLEncoder.encode(state, StandardCharsets.UTF_8) : redirect;
		return response.status(302).header(HttpHeaderNames.LOCATION, location).send();
	}

	// The hint is this IdP's own token and may be expired, so only its sid is read.
	private void endLogin(String idTokenHint) {
		try {
			Object sid = JWTParser.parse(idTokenHint).getJWTClaimsSet().getClaim("sid");
			if (sid instanceof String value) {
				this.families.revokeFamily(value);
			}
		}
		catch (ParseException ex) {
			// A malformed hint ends no login; the redirect still happens, as with real providers.
		}
	}

}
