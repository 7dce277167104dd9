package dev.sessiongate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A run's figures, in the order they were measured: printed at the end of the run and written to
 * {@code target/bench-figures/<simulation>.properties} for bench.sh's summary and for comparing runs.
 */
final class Figures {

	private final String simulation;

	private final Map<String, String> figures = new LinkedHashMap<>();

	Figures(String simulation) {
		this.simulation = simulation;
	}

	Figures put(String name, Object value) {
		this.figures.put(name, (value instanceof Double number) ? String.format(Locale.ROOT, "%.2f", number)
				: String.valueOf(value));
		return this;
	}

	void publish() {
		StringBuilder text = new StringBuilder("# " + this.simulation + "\n");
		this.figures.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
		System.out.println("\n==== " + this.simulation + " figures ====\n" + text);
		try {
			Path directory = BenchSettings.figuresDirectory();
			Files.createDirectories(directory);
			Files.writeString(directory.resolve(this.simulation + ".properties"), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
