/*
 * Runs an embedded Neo4j Community server (Bolt + HTTP with the Browser) on 127.0.0.1.
 *
 * Started by scripts/neo4j_local.py as a single-file source program:
 *
 *   java -cp "$CP" Launcher.java --home DIR --bolt-port 7687 --http-port 7474 \
 *        [--password PW | --password-env VAR] [--setting key=value ...] [--pagecache 128m]
 *   java -cp "$CP" Launcher.java --list-settings      (every declared setting and its default)
 *
 * $CP is the classpath Maven resolves from pom.xml beside this file. The program prints one
 * line "NEO4J_READY bolt=<port> http=<port>" once every database is available, then runs
 * until SIGTERM/SIGINT, which shuts the server down cleanly. On a startup failure it prints
 * "NEO4J_FAILED <reason>" and exits with status 1.
 *
 * LOAD CSV file URLs are confined to DIR/import (server.directories.import, created here): embedded
 * Neo4j has no import directory by default, so 'file:///etc/passwd' would read the machine's file.
 * A --setting server.directories.import=... replaces that folder.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilderImplementation;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;

public class Launcher {

    private static final String HOST = "127.0.0.1";
    private static final Duration AVAILABILITY_TIMEOUT = Duration.ofMinutes(3);

    /** Settings applied only when the running Neo4j version declares them (names drift between versions). */
    private static final Map<String, String> SOFT_DEFAULTS = new LinkedHashMap<>();

    static {
        SOFT_DEFAULTS.put("dbms.usage_report.enabled", "false");     // no phone-home from a dev/CI server
        SOFT_DEFAULTS.put("client.allow_telemetry", "false");        // nor from the Browser
        SOFT_DEFAULTS.put("db.tx_log.rotation.retention_policy", "2 files");
        SOFT_DEFAULTS.put("db.tx_log.preallocate", "false");
        // No lock-out after failed logins: tests try wrong passwords on purpose (local server only).
        SOFT_DEFAULTS.put("dbms.security.auth_max_failed_attempts", "0");
        // Stop in a second, not ten: Bolt's Netty event loops otherwise idle 5 s each before closing.
        SOFT_DEFAULTS.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");           // 5.x (seconds)
        SOFT_DEFAULTS.put("internal.dbms.bolt.netty_server_shutdown_quiet_period_duration", "0s"); // 2025.x+
    }

    /** Names accepted from the user that this version spells differently. */
    private static final Map<String, String> ALIASES = Map.of(
            "browser.remote_content_hostname_allowlist", "browser.remote_content_hostname_whitelist",
            "dbms.security.http_auth_whitelist", "dbms.security.http_auth_allowlist");

    public static void main(String[] args) {
        try {
            run(args);
        } catch (UsageError e) {
            System.err.println("Launcher: " + e.getMessage());
            System.exit(2);
        } catch (Throwable t) {
            t.printStackTrace();
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason = (t == root ? "" : t.getClass().getSimpleName() + ": " + t.getMessage() + " <- ")
                    + root.getClass().getSimpleName() + ": " + root.getMessage();
            System.out.println("NEO4J_FAILED " + reason.replace('\n', ' '));
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path home = null;
        int boltPort = -1;
        int httpPort = -1;
        String password = null;
        String pagecache = "128m";
        boolean listSettings = false;
        Map<String, String> raw = new LinkedHashMap<>();

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--home" -> home = Path.of(value(args, ++i, a)).toAbsolutePath();
                case "--bolt-port" -> boltPort = port(value(args, ++i, a), a);
                case "--http-port" -> httpPort = port(value(args, ++i, a), a);
                case "--password" -> password = value(args, ++i, a);
                case "--password-env" -> {
                    String var = value(args, ++i, a);
                    password = System.getenv(var);
                    if (password == null || password.isEmpty()) {
                        throw new UsageError("environment variable " + var + " (--password-env) is not set");
                    }
                }
                case "--pagecache" -> pagecache = value(args, ++i, a);
                case "--setting" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageError("--setting expects key=value, got: " + kv);
                    }
                    raw.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
                case "--list-settings" -> listSettings = true;
                default -> throw new UsageError("unknown argument: " + a);
            }
        }

        Map<String, Setting<Object>> declared = Config.newBuilder().build().getDeclaredSettings();
        if (listSettings) {
            for (Map.Entry<String, Setting<Object>> e : new TreeMap<>(declared).entrySet()) {
                System.out.println(e.getKey() + "=" + (e.getValue().defaultValue() == null ? "" : e.getValue().defaultValue()));
            }
            return;
        }
        if (home == null || boltPort < 0 || httpPort < 0) {
            throw new UsageError("required: --home DIR --bolt-port N --http-port N");
        }
        if (boltPort == httpPort) {
            throw new UsageError("--bolt-port and --http-port must differ");
        }
        Files.createDirectories(home);

        var builder = new DatabaseManagementServiceBuilderImplementation(home);
        builder.setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST));
        builder.setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST));
        builder.setConfig(BoltConnector.enabled, true);
        builder.setConfig(BoltConnector.listen_address, new SocketAddress(HOST, boltPort));
        builder.setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, boltPort));
        builder.setConfig(HttpConnector.enabled, true);
        builder.setConfig(HttpConnector.listen_address, new SocketAddress(HOST, httpPort));
        builder.setConfig(HttpConnector.advertised_address, new SocketAddress(HOST, httpPort));
        builder.setConfig(HttpsConnector.enabled, false);
        builder.setConfig(GraphDatabaseSettings.auth_enabled, password != null);
        // Small footprint: this server shares a 2-core CI machine with the tests.
        builder.setConfig(GraphDatabaseSettings.pagecache_memory, bytes(pagecache));
        builder.setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1);

        // Raw settings: soft defaults first, then the caller's --setting values (last one wins).
        Map<String, String> rawConfig = new LinkedHashMap<>();
        SOFT_DEFAULTS.forEach((k, v) -> {
            if (declared.containsKey(k)) {
                rawConfig.put(k, v);
            }
        });
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            String alias = ALIASES.get(key);
            if (!declared.containsKey(key) && alias != null && declared.containsKey(alias)) {
                System.out.println("Launcher: setting " + key + " is called " + alias + " in this Neo4j version; using that");
                key = alias;
            }
            rawConfig.put(key, e.getValue());
        }
        // Confine file URLs (LOAD CSV FROM 'file:///x.csv' reads DIR/import/x.csv), unless the caller chose a folder.
        String importKey = GraphDatabaseSettings.load_csv_file_url_root.name();
        if (!rawConfig.containsKey(importKey)) {
            Path importDir = home.resolve("import");
            Files.createDirectories(importDir);
            rawConfig.put(importKey, importDir.toString());
        }
        builder.setConfigRaw(rawConfig);

        long started = System.nanoTime();
        DatabaseManagementService dbms = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J_STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            }
            System.out.println("NEO4J_STOPPED");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        for (String name : dbms.listDatabases()) {
            GraphDatabaseService db = dbms.database(name);
            if (!db.isAvailable(AVAILABILITY_TIMEOUT.toMillis())) {
                throw new IllegalStateException("database '" + name + "' not available after " + AVAILABILITY_TIMEOUT);
            }
        }
        if (password != null) {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        }

        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("Launcher: Neo4j " + neo4jVersion() + " on Java " + Runtime.version()
                + ", databases " + dbms.listDatabases() + " up in " + ms + " ms, auth "
                + (password != null ? "enabled" : "disabled"));
        System.out.println("NEO4J_READY bolt=" + boltPort + " http=" + httpPort);
        System.out.flush();
        stopped.await();
    }

    /** Makes PW the password of user neo4j, with no change required at first login. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase();
            if (!msg.contains("same")) {  // "Old password and new password cannot be the same."
                throw e;
            }
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    private static String neo4jVersion() {
        Package p = DatabaseManagementService.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }

    private static long bytes(String size) {
        String s = size.trim().toLowerCase();
        long mult = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s) * mult;
        } catch (NumberFormatException e) {
            throw new UsageError("bad size: " + size + " (expected e.g. 128m)");
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new UsageError(flag + " needs a value");
        }
        return args[i];
    }

    private static int port(String s, String flag) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageError(flag + " expects a port number, got: " + s);
        }
    }

    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
