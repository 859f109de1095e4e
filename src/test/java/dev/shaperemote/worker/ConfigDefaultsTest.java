package dev.shaperemote.worker;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code shape.*} key has its default in META-INF/microprofile-config.properties, the WAR's one place for them
 * on every server; a server.xml variable of the same name (the JMS keys Liberty's messaging engine reads too) says
 * the same. The code names no default of its own, the file holds no key the code does not read, and
 * docs/OPERATIONS.md's tables say what the files say.
 */
class ConfigDefaultsTest {
    private static final Path PROPERTIES = Path.of("src/main/resources/META-INF/microprofile-config.properties");
    private static final Path SERVER_XML = Path.of("liberty/config/server.xml");
    private static final Path OPERATIONS = Path.of("docs/OPERATIONS.md");

    private static final Set<String> read = new TreeSet<>();
    private static final Set<String> withCodeDefault = new TreeSet<>();

    /** The keys the worker reads: its {@code @ConfigProperty} fields and its key constants (read through ConfigProvider). */
    @BeforeAll
    static void scan() throws IllegalAccessException {
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.shaperemote.worker")) {
            for (JavaField f : c.getFields()) {
                if (f.isAnnotatedWith(ConfigProperty.class)) {
                    ConfigProperty p = f.getAnnotationOfType(ConfigProperty.class);
                    read.add(p.name());
                    if (!ConfigProperty.UNCONFIGURED_VALUE.equals(p.defaultValue())) withCodeDefault.add(c.getSimpleName() + "." + f.getName());
                }
                Field field = f.reflect();
                if (Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()) && field.getType() == String.class) {
                    field.setAccessible(true);
                    if (field.get(null) instanceof String s && s.startsWith("shape.worker.")) read.add(s);
                }
            }
        }
        assertTrue(read.size() > 40, "the scan found the worker's keys: " + read);
    }

    @Test
    void noKeyHasADefaultInTheCode() {
        assertEquals(Set.of(), withCodeDefault, "defaults belong in microprofile-config.properties, not in @ConfigProperty");
    }

    @Test
    void everyKeyTheCodeReadsHasItsDefaultInTheWar() throws IOException {
        Map<String, String> file = properties(), server = serverVariables();
        for (String key : read) {
            if (!key.startsWith("shape.")) continue;
            assertTrue(file.containsKey(key), key + ": no default in microprofile-config.properties");
            if (server.containsKey(key)) {
                assertTrue(key.startsWith("shape.worker.jms."), key + ": only the JMS keys the engine reads are server.xml variables");
                assertEquals(file.get(key), server.get(key), key + ": server.xml and microprofile-config.properties disagree");
            }
        }
    }

    @Test
    void theFileHoldsOnlyKeysTheCodeReads() throws IOException {
        Set<String> stale = new TreeSet<>(properties().keySet());
        stale.removeAll(read);
        stale.removeIf(key -> key.contains("/") || key.startsWith("MP_Fault_Tolerance_")); // Fault Tolerance's (below)
        assertEquals(Set.of(), stale, "defaults of keys nothing reads");
    }

    /**
     * Each Fault Tolerance key names a parameter of an annotation that is on that method of that class (a key with a
     * typo would be ignored silently), and a value taken from a worker key takes it from one the worker reads.
     */
    @Test
    void theFaultToleranceKeysNameAnnotatedMethodsAndWorkerKeys() throws Exception {
        Map<String, String> ft = new TreeMap<>(properties());
        ft.keySet().removeIf(key -> !key.contains("/"));
        assertTrue(ft.size() >= 3, "the call path's bulkhead and deadline come from the worker's keys: " + ft);
        for (var e : ft.entrySet()) {
            String[] part = e.getKey().split("/");
            assertEquals(4, part.length, e.getKey() + ": <class>/<method>/<Annotation>/<parameter>");
            Class<?> type = Class.forName(part[0]);
            Class<?> annotation = Class.forName("org.eclipse.microprofile.faulttolerance." + part[2]);
            var method = java.util.Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(part[1])).findFirst()
                    .orElseThrow(() -> new AssertionError(e.getKey() + ": no public method " + part[1]));
            @SuppressWarnings("unchecked")
            var a = method.getAnnotation((Class<? extends java.lang.annotation.Annotation>) annotation);
            assertTrue(a != null, e.getKey() + ": the method has no @" + part[2]);
            annotation.getMethod(part[3]); // the parameter exists
            Matcher ref = Pattern.compile("^\\$\\{([\\w.-]+)}$").matcher(e.getValue());
            if (ref.matches()) assertTrue(read.contains(ref.group(1)), e.getKey() + " takes its value from " + ref.group(1) + ", which nothing reads");
        }
        assertEquals("false", properties().get("MP_Fault_Tolerance_Metrics_Enabled"));
    }

    @Test
    void theOperationsGuideShowsTheSameDefaults() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(shape\\.[\\w.-]+)` \\| ([^|]*) \\|").matcher(Files.readString(OPERATIONS));
        while (row.find()) {
            String value = row.group(2).strip().replace("`", "");
            documented.put(row.group(1), value.equals("empty") ? "" : value);
        }
        Map<String, String> defaults = new TreeMap<>(properties());
        defaults.keySet().removeIf(key -> !key.startsWith("shape.")); // Fault Tolerance's keys have a table of their own
        serverVariables().forEach((k, v) -> { if (k.startsWith("shape.worker.jms.")) defaults.putIfAbsent(k, v); }); // Liberty's alone
        Set<String> keys = new TreeSet<>(defaults.keySet()), differing = new TreeSet<>();
        keys.addAll(documented.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(defaults.get(key), documented.get(key))) {
                differing.add(key + ": default " + defaults.get(key) + ", documented " + documented.get(key));
            }
        }
        assertEquals(Set.of(), differing, "docs/OPERATIONS.md's tables against microprofile-config.properties and server.xml");
    }

    private static Map<String, String> properties() throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> all = new TreeMap<>();
        p.forEach((k, v) -> all.put((String) k, (String) v));
        return all;
    }

    private static Map<String, String> serverVariables() throws IOException {
        Map<String, String> all = new TreeMap<>();
        Matcher m = Pattern.compile("<variable name=\"(shape\\.[\\w.-]+)\" defaultValue=\"([^\"]*)\"/>").matcher(Files.readString(SERVER_XML));
        while (m.find()) all.put(m.group(1), m.group(2));
        return all;
    }
}
