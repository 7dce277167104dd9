package dev.sessiongate.config;

import org.springframework.validation.Errors;
import org.springframework.validation.ObjectError;

/**
 * Problems found in the {@code sessiongate.*} settings, each naming its key, what is wrong
 * and what to do. They travel as validation errors of the settings class that holds the
 * key, and {@link InvalidSettingsFailureAnalyzer} prints them. A problem's text never
 * quotes a secret's value.
 */
final class SettingProblems {

	static final String CODE = "sessiongate.invalid-setting";

	private final Errors errors;

	SettingProblems(Errors errors) {
		this.errors = errors;
	}

	void report(String key, String problem, String action) {
		this.errors.reject(CODE, new Object[] { key, problem, action }, key + " " + problem);
	}

	/** Whether {@code error} is one of ours; its arguments are then key, problem and action. */
	static boolean isProblem(ObjectError error) {
		return CODE.equals(error.getCode()) && error.getArguments() != null && error.getArguments().length == 3;
	}

}
