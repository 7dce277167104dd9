package dev.sessiongate.config;

import dev.sessiongate.session.SessionProperties;
import dev.sessiongate.token.OidcProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks every {@code sessiongate.*} settings class while it binds, on top of its own
 * constraints: nothing negative anywhere, and the settings whose mistakes would otherwise
 * show up only later, at the first login or the first request (the issuer URI, the
 * session cookie, the sealing keys). A problem fails start-up with
 * {@link InvalidSettingsFailureAnalyzer}'s message.
 */
final class SettingsValidator implements Validator {

	@Override
	public boolean supports(Class<?> type) {
		return type.getPackageName().startsWith("dev.sessiongate")
				&& type.isAnnotationPresent(ConfigurationProperties.class);
	}

	@Override
	public void validate(Object settings, Errors errors) {
		SettingProblems problems = new SettingProblems(errors);
		NonNegativeSettings.check(settings.getClass().getAnnotation(ConfigurationProperties.class).value(), settings,
				problems);
		if (settings instanceof OidcProperties oidc) {
			IssuerUriSetting.check(oidc.issuerUri(), problems);
		}
		if (settings instanceof SessionProperties session) {
			SessionCookieSetting.check(session.cookie(), problems);
			SealingKeySettings.check(session.keys(), problems);
		}
	}

}
