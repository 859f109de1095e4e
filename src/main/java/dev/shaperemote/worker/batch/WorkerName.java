package dev.shaperemote.worker.batch;

/** The name of this worker among the fleet's, as the batch status reports where a partition ran. */
final class WorkerName {
    private WorkerName() {}

    /** Liberty's server name, else Payara's instance name, else the host's name. */
    static String get() {
        for (String property : new String[] {"wlp.server.name", "com.sun.aas.instanceName"}) {
            String name = System.getProperty(property);
            if (name != null && !name.isBlank()) return name;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "worker";
        }
    }
}
