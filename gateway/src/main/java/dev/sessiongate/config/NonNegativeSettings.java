package dev.sessiongate.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * No duration or size in the settings is negative. One rule for every settings record,
 * nested ones and lists of them included, so a key added later is covered too; a negative
 * value would otherwise surface as odd behaviour far from its cause (a timeout that fires
 * at once, a cache that never keeps anything).
 */
final class NonNegativeSettings {

	private NonNegativeSettings() {
	}

	static void check(String key, Object value, SettingProblems problems) {
		if (value instanceof Duration duration && duration.isNegative()) {
			problems.report(key, "is negative (" + duration + ")", "Set a duration of zero or more, such as 30s.");
		}
		else if (value instanceof DataSize size && size.isNegative()) {
			problems.report(key, "is negative (" + size + ")", "Set a size of zero or more, such as 1MB.");
		}
		else if (value instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				check(key + "[" + i + "]", list.get(i), problems);
			}
		}
		else if (value != null && value.getClass().isRecord()
				&& value.getClass().getPackageName().startsWith("dev.sessiongate")) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				check(key + "." + kebabCase(component.getName()), read(component, value), problems);
			}
		}
	}

	private static Object read(RecordComponent component, Object record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException("cannot read setting " + component.getName(), ex);
		}
	}

	/** {@code idleTimeout} as its key says it: {@code idle-timeout}. */
	static String kebabCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

}
