package dev.sessiongate.config;

import java.util.List;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.ObjectError;

/**
 * Turns the problems {@link SettingsValidator} found into the start-up failure message:
 * each key, what is wrong and where the value came from, then what to do, instead of a
 * stack trace. Values are not printed (a sealing key is a secret). Before Spring Boot's
 * own analyzer, which would print the values; other validation errors are left to it.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidSettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		ValidationErrors errors = cause.getValidationErrors();
		List<Object[]> problems = errors.getAllErrors()
			.stream()
			.filter(SettingProblems::isProblem)
			.map(ObjectError::getArguments)
			.toList();
		if (problems.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Invalid sessiongate settings:\n");
		StringBuilder action = new StringBuilder("Fix the settings:\n");
		for (Object[] problem : problems) {
			String key = (String) problem[0];
			description.append("\n    ").append(key).append(' ').append(problem[1]).append(origin(errors, key));
			action.append("\n    ").append(key).append(": ").append(problem[2]);
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static String origin(ValidationErrors errors, String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		return errors.getBoundProperties()
			.stream()
			.filter(property -> property.getName().equals(name) && property.getOrigin() != null)
			.map(ConfigurationProperty::getOrigin)
			.findFirst()
			.map(origin -> " (set in " + origin + ")")
			.orElse("");
	}

}
