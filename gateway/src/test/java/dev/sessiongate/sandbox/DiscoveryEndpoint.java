package dev.sessiongate.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * OpenID Connect Discovery 1.0 metadata and the public JWKS.
 */
final class DiscoveryEndpoint {

	private final Map<String, Object> configuration;

	private final Map<String, Object> jwks;

	DiscoveryEndpoint(String issuer, String clientAuthMethod, JwtSigner signer) {
		this.configuration = configuration(issuer, clientAuthMethod);
		this.jwks = signer.publicJwks();
	}

	Publisher<Void> configuration(HttpServerRequest request, HttpServerResponse response) {
		return SandboxHttp.json(response, 200, this.configuration);
	}

	Publisher<Void> jwks(HttpServerRequest request, HttpServerResponse response) {
		return SandboxHttp.json(response, 200, this.jwks);
	}

	private static Map<String, Object> configuration(String issuer, String clientAuthMethod) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", issuer);
		metadata.put("authorization_endpoint", issuer + "/authorize");
		metadata.put("token_endpoint", issuer + "/token");
		metadata.put("jwks_uri", issuer + "/jwks");
		metadata.put("revocation_endpoint", issuer + "/revoke");
		metadata.put("end_session_endpoint", issuer + "/logout");
		// RFC 9207: every authorization response names its issuer (see AuthorizeEndpoint).
		metadata.put("authorization_response_iss_parameter_supported", true);
		metadata.put("token_endpoint_auth_methods_supported", List.of(clientAuthMethod));
		metadata.put("revocation_endpoint_auth_methods_supported", List.of(clientAuthMethod));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		metadata.put("backchannel_logout_supported", true);
		metadata.put("backchannel_logout_session_supported", true);
		metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("subject_types_supported", List.of("public"));
		metadata.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
		metadata.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
		return metadata;
	}

}
