package ecograph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts a Neo4j Community DBMS with Bolt on 127.0.0.1 and a free port, auth on with a generated
 * password, and prints one line a shell (or a caller) can read:
 *
 * <pre>export ECOGRAPH_GRAPH=bolt://127.0.0.1:PORT NEO4J_URI=… NEO4J_USER=neo4j NEO4J_PASSWORD=… NEO4J_HOME=… NEO4J_IMPORT=…</pre>
 *
 * It stops, cleanly, when its standard input closes or on SIGTERM/Ctrl-C. Arguments:
 * {@code [--home DIR]} serves the databases in DIR (kept afterwards; e.g. one that
 * neo4j-admin imported into); without it the data lives in a temporary folder removed on stop.
 */
public final class Neo4jLauncher {
    private static final String USER = "neo4j";

    public static void main(String[] args) throws IOException {
        boolean ownHome = args.length < 2 || !args[0].equals("--home");
        Path home = ownHome ? Files.createTempDirectory("ecograph-neo4j-") : Path.of(args[1]).toAbsolutePath();
        Path imports = Files.createDirectories(home.resolve("import"));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, imports)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // A throw-away server: stop in a second, not after Bolt's 5 s + 5 s grace periods.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(1))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            if (ownHome) {
                delete(home);
            }
        }));

        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        int port = ((GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME))
                .getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT).getPort();
        String uri = "bolt://127.0.0.1:" + port;
        System.out.println("export ECOGRAPH_GRAPH=" + uri + " NEO4J_URI=" + uri + " NEO4J_USER=" + USER
                + " NEO4J_PASSWORD=" + password + " NEO4J_HOME=" + home + " NEO4J_IMPORT=" + imports);
        System.out.flush();
        System.err.println("Neo4j is serving " + uri + " (user " + USER + ", data in " + home
                + "); close standard input (Ctrl-D) or press Ctrl-C to stop it");

        while (System.in.read() != -1) {
            // serve until the caller closes our standard input
        }
        System.exit(0);  // runs the shutdown hook
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
