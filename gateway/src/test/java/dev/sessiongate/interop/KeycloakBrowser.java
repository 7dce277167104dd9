package dev.sessiongate.interop;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A user in front of Keycloak's login page, over plain HTTP: opens an authorization URL,
 * fills in the username and password form, and follows Keycloak's redirects until one leads
 * away from Keycloak, to the client's redirect URI. One instance is one browser profile.
 * <p>
 * It keeps Keycloak's cookies itself: Keycloak marks them {@code Secure} even on http, and
 * a browser sends those to loopback (a secure context) where {@code java.net.CookieManager}
 * would drop them. The form is found with a pattern rather than an HTML parser: Keycloak's
 * own theme renders this one tag, and a parser would be a dependency for one attribute.
 */
public final class KeycloakBrowser {

	private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*\\bid=\"kc-form-login\"[^>]*>");

	private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]+)\"");

	private static final int MAX_REDIRECTS = 10;

	private final String keycloakBase;

	private final Map<String, String> cookies = new LinkedHashMap<>();

	public KeycloakBrowser(LocalKeycloak keycloak) {
		this.keycloakBase = keycloak.baseUrl() + "/";
	}

	/**
	 * Signs in from an authorization URL; returns where Keycloak finally sends the browser:
	 * the redirect URI with {@code code} and {@code state}.
	 */
	public String signIn(String authorizationUrl, String username, String password) {
		KeycloakHttp.Answer page = open(authorizationUrl);
		if (page.status() != 200) {
			throw new IllegalStateException("Keycloak did not show its login page: " + page.status());
		}
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("credentialId", "");
		KeycloakHttp.Answer submitted = follow(send(KeycloakHttp.postForm(loginAction(page.body()), form)));
		if (!isRedirect(submitted)) {
			throw new IllegalStateException("Keycloak did not accept the sign-in: " + submitted.status());
		}
		return submitted.location();
	}

	/**
	 * Opens a URL at Keycloak and follows its redirects inside Keycloak: the page it ends on,
	 * or the redirect that leaves Keycloak.
	 */
	public KeycloakHttp.Answer open(String url) {
		return follow(get(url));
	}

	private KeycloakHttp.Answer follow(KeycloakHttp.Answer answer) {
		KeycloakHttp.Answer current = answer;
		for (int hop = 0; hop < MAX_REDIRECTS && isRedirect(current); hop++) {
			if (!current.location().startsWith(this.keycloakBase)) {
				return current;
			}
			current = get(current.location());
		}
		return current;
	}

	private KeycloakHttp.Answer get(String url) {
		return send(KeycloakHttp.request(url).GET());
	}

	private KeycloakHttp.Answer send(HttpRequest.Builder request) {
		if (!this.cookies.isEmpty()) {
			request.header("Cookie", this.cookies.entrySet()
				.stream()
				.map(cookie -> cookie.getKey() + "=" + cookie.getValue())
				.collect(Collectors.joining("; ")));
		}
		KeycloakHttp.Answer answer = KeycloakHttp.send(request.build());
		answer.headers().allValues("Set-Cookie").forEach(this::keep);
		return answer;
	}

	// Every Keycloak cookie is scoped to the realm's path, the only place this browser goes.
	private void keep(String setCookie) {
		String pair = setCookie.split(";", 2)[0];
		int equals = pair.indexOf('=');
		String name = pair.substring(0, equals).trim();
		String value = pair.substring(equals + 1).trim();
		if (value.isEmpty() || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
			this.cookies.remove(name);
		}
		else {
			this.cookies.put(name, value);
		}
	}

	private String loginAction(String html) {
		Matcher form = LOGIN_FORM.matcher(html);
		if (!form.find()) {
			throw new IllegalStateException("no login form on Keycloak's page");
		}
		Matcher action = ACTION.matcher(form.group());
		if (!action.find()) {
			throw new IllegalStateException("Keycloak's login form has no action");
		}
		return URI.create(this.keycloakBase).resolve(action.group(1).replace("&amp;", "&")).toString();
	}

	private static boolean isRedirect(KeycloakHttp.Answer answer) {
		return answer.status() == 302 || answer.status() == 303;
	}

}
