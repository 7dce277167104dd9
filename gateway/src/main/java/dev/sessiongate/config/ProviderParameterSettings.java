package dev.sessiongate.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.sessiongate.token.OidcProperties;

/**
 * {@code sessiongate.oidc.authorization-parameters} and {@code token-request-parameters}
 * may add what a provider needs ({@code audience}, {@code access_type}, {@code resource}),
 * never replace what the gateway sets itself: a configured {@code redirect_uri},
 * {@code state} or {@code code_challenge} would break the login or its protections, and a
 * {@code client_secret} would sit in plain settings. The client-authentication settings
 * must name what their method needs.
 */
final class ProviderParameterSettings {

	static final Set<String> RESERVED_AUTHORIZATION = Set.of("response_type", "client_id", "redirect_uri", "scope",
			"state", "nonce", "code_challenge", "code_challenge_method", "request", "request_uri", "response_mode");

	static final Set<String> RESERVED_TOKEN_REQUEST = Set.of("grant_type", "code", "redirect_uri", "code_verifier",
			"refresh_token", "scope", "client_id", "client_secret", "client_assertion", "client_assertion_type");

	private ProviderParameterSettings() {
	}

	static void check(OidcProperties oidc, SettingProblems problems) {
		reserved("sessiongate.oidc.authorization-parameters", oidc.authorizationParameters(), RESERVED_AUTHORIZATION,
				problems);
		reserved("sessiongate.oidc.token-request-parameters", oidc.tokenRequestParameters(), RESERVED_TOKEN_REQUEST,
				problems);
		clientAuthentication(oidc, problems);
	}

	private static void reserved(String key, Map<String, String> parameters, Set<String> reserved,
			SettingProblems problems) {
		for (String name : parameters.keySet()) {
			if (reserved.contains(name.toLowerCase(Locale.ROOT))) {
				problems.report(key + "." + name, "is a parameter the gateway sets itself",
						"Remove it: the gateway sends " + String.join(", ", reserved.stream().sorted().toList())
								+ " on its own.");
			}
		}
	}

	private static void clientAuthentication(OidcProperties oidc, SettingProblems problems) {
		if (oidc.clientAuthentication() == null) {
			return;
		}
		switch (oidc.clientAuthentication()) {
			case PRIVATE_KEY_JWT -> {
				if (!oidc.hasClientKey()) {
					problems.report("sessiongate.oidc.client-key-location", "is not set, but private_key_jwt needs it",
							"Point it at the client's private key (PKCS#8 PEM or JWK), such as "
									+ "file:/run/secrets/client-key.pem, and set client-key-id to its kid.");
				}
			}
			case TLS_CLIENT_AUTH -> {
				if (oidc.clientTlsBundle() == null) {
					problems.report("sessiongate.oidc.client-tls-bundle", "is not set, but tls_client_auth needs it",
							"Name a Spring Boot SSL bundle (spring.ssl.bundle.pem.<name>.keystore.*) that holds "
									+ "the client certificate and its key.");
				}
			}
			case CLIENT_SECRET_BASIC, CLIENT_SECRET_POST -> {
				if (oidc.clientSecret() == null || oidc.clientSecret().isEmpty()) {
					problems.report("sessiongate.oidc.client-secret", "is not set, but "
							+ oidc.clientAuthentication().value() + " needs it",
							"Set it from a secret, such as SESSIONGATE_OIDC_CLIENT_SECRET.");
				}
			}
		}
	}

}
