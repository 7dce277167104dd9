package dev.sessiongate.config;

import java.util.Set;
import java.util.regex.Pattern;

import dev.sessiongate.session.SessionProperties;

/**
 * {@code sessiongate.session.cookie.*} must make a cookie browsers keep: a valid name, and
 * {@code Secure} wherever the name's prefix or {@code SameSite=None} requires it. A
 * {@code __Host-} cookie also needs {@code Path=/} and no {@code Domain}, which the gateway
 * always sets.
 */
final class SessionCookieSetting {

	private static final String PREFIX = "sessiongate.session.cookie.";

	/** RFC 6265 cookie-name: an RFC 9110 token. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	private static final Set<String> SAME_SITE = Set.of("strict", "lax", "none");

	private static final String USE_SECURE = "Set " + PREFIX + "secure=true and serve the gateway over https";

	private SessionCookieSetting() {
	}

	static void check(SessionProperties.Cookie cookie, SettingProblems problems) {
		if (cookie == null || cookie.name() == null || cookie.sameSite() == null) {
			return;
		}
		String name = cookie.name();
		if (!TOKEN.matcher(name).matches()) {
			problems.report(PREFIX + "name", "is not a valid cookie name",
					"Use letters, digits and - _ . only, such as SG_SESSION.");
		}
		if (name.startsWith("__Host-") && !cookie.secure()) {
			problems.report(PREFIX + "secure", "is false, but browsers keep a __Host- cookie only when it is Secure",
					USE_SECURE + ", or pick a name without the __Host- prefix for plain-http development.");
		}
		if (name.startsWith("__Secure-") && !cookie.secure()) {
			problems.report(PREFIX + "secure", "is false, but browsers keep a __Secure- cookie only when it is Secure",
					USE_SECURE + ", or pick a name without the __Secure- prefix for plain-http development.");
		}
		if (!SAME_SITE.contains(cookie.sameSite().toLowerCase(java.util.Locale.ROOT))) {
			problems.report(PREFIX + "same-site", "is not Strict, Lax or None", "Set it to Lax unless you need another.");
		}
		else if (cookie.sameSite().equalsIgnoreCase("none") && !cookie.secure()) {
			problems.report(PREFIX + "same-site", "is None on a cookie that is not Secure, which browsers reject",
					USE_SECURE + ", or use SameSite=Lax.");
		}
	}

}
