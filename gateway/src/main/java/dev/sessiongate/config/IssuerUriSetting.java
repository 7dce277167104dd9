package dev.sessiongate.config;

import java.net.URI;

/**
 * {@code sessiongate.oidc.issuer-uri} must look reachable: an absolute http(s) URL with a
 * host, and nothing an issuer never has (user information, a query, a fragment). The URI
 * is not quoted back: user information may hold a password.
 */
final class IssuerUriSetting {

	static final String KEY = "sessiongate.oidc.issuer-uri";

	private static final String ACTION = "Set it to the issuer your IdP names in its discovery document, "
			+ "such as https://idp.example.com/realms/acme (the gateway reads <issuer>/.well-known/openid-configuration).";

	private IssuerUriSetting() {
	}

	static void check(URI issuer, SettingProblems problems) {
		String problem = problem(issuer);
		if (problem != null) {
			problems.report(KEY, problem, ACTION);
		}
	}

	private static String problem(URI issuer) {
		if (issuer == null) {
			return null;
		}
		if (!issuer.isAbsolute()) {
			return "is not an absolute URL: it names no scheme";
		}
		String scheme = issuer.getScheme().toLowerCase(java.util.Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			return "uses the scheme '" + scheme + "', where discovery needs https";
		}
		if (issuer.getHost() == null || issuer.getHost().isBlank()) {
			return "names no host";
		}
		if (issuer.getRawUserInfo() != null) {
			return "carries user information, which an issuer never has";
		}
		if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
			return "has a query or fragment, which an issuer never has";
		}
		return null;
	}

}
