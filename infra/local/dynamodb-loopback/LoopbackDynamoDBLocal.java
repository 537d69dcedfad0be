import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, listening on 127.0.0.1 only. Its command line has no host option and its Jetty
 * server listens on every interface; the connector it builds is told the loopback host before the
 * server starts. Takes DynamoDB Local's own arguments. If a later DynamoDB Local is built
 * differently, it says so and starts as DynamoDB Local would (on every interface).
 */
public class LoopbackDynamoDBLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args);
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      org.eclipse.jetty.server.Server jetty = (org.eclipse.jetty.server.Server) field.get(server);
      Connector[] connectors = jetty.getConnectors();
      if (connectors.length == 0) throw new IllegalStateException("no connector");
      for (Connector connector : connectors) ((ServerConnector) connector).setHost("127.0.0.1");
      System.out.println("LoopbackDynamoDBLocal: listening on 127.0.0.1 only");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println("LoopbackDynamoDBLocal: could not bind to 127.0.0.1 (" + e + "); listening on every interface");
    }
    server.start();
  }
}
