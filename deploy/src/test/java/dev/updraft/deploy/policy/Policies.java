package dev.updraft.deploy.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** The policies every overlay must satisfy. Each has a bad fixture under src/test/resources that trips it. */
public final class Policies {

    private Policies() {
    }

    /** Measured non-heap RSS of a packaged service (deploy/tools/measure-rss.sh): heap excluded. */
    static final int NON_HEAP_MIB = 144;

    public static final Check PROBES = new Check("probes", objects -> eachContainer(objects, (w, c, out) -> {
        if (c.getLivenessProbe() == null) {
            out.add(w.id() + " container " + c.getName() + ": no livenessProbe");
        }
        if (c.getReadinessProbe() == null) {
            out.add(w.id() + " container " + c.getName() + ": no readinessProbe");
        }
        UpdraftServices.forContainer(c.getName()).ifPresent(s -> {
            // Quarkus exposes each health group on its own path; a probe on the wrong group restarts
            // pods for a dependency outage (ready) or never takes them out of rotation (live).
            expectHttpPath(w, c, "startupProbe", c.getStartupProbe(), "/q/health/started", out);
            expectHttpPath(w, c, "livenessProbe", c.getLivenessProbe(), "/q/health/live", out);
            expectHttpPath(w, c, "readinessProbe", c.getReadinessProbe(), "/q/health/ready", out);
        });
    }));

    public static final Check RESOURCES = new Check("resources", objects -> eachContainer(objects, (w, c, out) -> {
        Map<String, Quantity> requests = c.getResources() == null ? Map.of() : orEmpty(c.getResources().getRequests());
        Map<String, Quantity> limits = c.getResources() == null ? Map.of() : orEmpty(c.getResources().getLimits());
        for (String resource : List.of("cpu", "memory")) {
            if (!requests.containsKey(resource)) {
                out.add(w.id() + " container " + c.getName() + ": no " + resource + " request");
            }
            if (!limits.containsKey(resource)) {
                out.add(w.id() + " container " + c.getName() + ": no " + resource + " limit");
            }
            if (requests.containsKey(resource) && limits.containsKey(resource)
                    && requests.get(resource).getNumericalAmount().compareTo(limits.get(resource).getNumericalAmount()) > 0) {
                out.add(w.id() + " container " + c.getName() + ": " + resource + " request above its limit");
            }
        }
        // The JVM image sizes the heap as a share of the limit; what is left must hold the measured
        // non-heap footprint (metaspace, code cache, threads, direct buffers: ~145 MiB), or the kernel
        // OOM-kills the pod before the heap is ever full.
        envLiteral(c, "JAVA_MAX_MEM_RATIO").ifPresent(ratio -> {
            if (limits.containsKey("memory")) {
                double limitMiB = limits.get("memory").getNumericalAmount().doubleValue() / (1024 * 1024);
                double headroomMiB = limitMiB * (100 - Integer.parseInt(ratio)) / 100;
                if (headroomMiB < NON_HEAP_MIB) {
                    out.add(w.id() + " container " + c.getName() + ": JAVA_MAX_MEM_RATIO " + ratio + " leaves "
                            + Math.round(headroomMiB) + " MiB of the limit for non-heap memory, under the measured " + NON_HEAP_MIB);
                }
            }
        });
    }));

    public static final Check SECURITY_CONTEXT = new Check("security-context", objects -> eachContainer(objects, (w, c, out) -> {
        PodSecurityContext pod = Optional.ofNullable(w.template().getSpec().getSecurityContext()).orElseGet(PodSecurityContext::new);
        SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
        String where = w.id() + " container " + c.getName() + ": ";
        if (!Boolean.TRUE.equals(sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot())) {
            out.add(where + "runAsNonRoot is not true");
        }
        if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
            out.add(where + "readOnlyRootFilesystem is not true");
        }
        if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
            out.add(where + "allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(sc.getPrivileged())) {
            out.add(where + "privileged");
        }
        if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null
                || !sc.getCapabilities().getDrop().contains("ALL")) {
            out.add(where + "capabilities do not drop ALL");
        }
        if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null && !sc.getCapabilities().getAdd().isEmpty()) {
            out.add(where + "adds capabilities " + sc.getCapabilities().getAdd());
        }
        var seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
            out.add(where + "seccompProfile is not RuntimeDefault");
        }
    }));

    /**
     * Under a read-only root the services can only write to volumes: /tmp (Vert.x file cache) must be an
     * emptyDir, and every directory the configuration names (a key ending in _DIR, such as the scheduler's
     * embedded store) must lie on a writable mount.
     */
    public static final Check WRITABLE_PATHS = new Check("writable-paths", objects -> eachContainer(objects, (w, c, out) -> {
        if (UpdraftServices.forContainer(c.getName()).isEmpty()) {
            return;
        }
        boolean tmpIsEmptyDir = orEmpty(c.getVolumeMounts()).stream()
                .filter(m -> "/tmp".equals(m.getMountPath()))
                .map(m -> volume(w, m.getName()))
                .anyMatch(v -> v.isPresent() && v.get().getEmptyDir() != null);
        if (!tmpIsEmptyDir) {
            out.add(w.id() + " container " + c.getName() + ": /tmp is not an emptyDir mount");
        }
        configuredValues(objects, w, c).forEach((key, dir) -> {
            if (!key.endsWith("_DIR")) {
                return;
            }
            boolean writable = orEmpty(c.getVolumeMounts()).stream()
                    .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                    .filter(m -> dir.equals(m.getMountPath()) || dir.startsWith(m.getMountPath().replaceAll("/$", "") + "/"))
                    .anyMatch(m -> volume(w, m.getName()).map(v -> v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null)
                            .orElse(w.claimTemplates().contains(m.getName())));
            if (!writable) {
                out.add(w.id() + " container " + c.getName() + ": " + key + "=" + dir + " is not on a writable volume mount");
            }
        });
    }));

    public static final Check PROBE_PORTS = new Check("probe-ports", objects -> eachContainer(objects, (w, c, out) -> {
        for (var probe : List.of(Map.entry("startupProbe", Optional.ofNullable(c.getStartupProbe())),
                Map.entry("livenessProbe", Optional.ofNullable(c.getLivenessProbe())),
                Map.entry("readinessProbe", Optional.ofNullable(c.getReadinessProbe())))) {
            probe.getValue().flatMap(Policies::probePort).ifPresent(port -> {
                if (!hasPort(c, port)) {
                    out.add(w.id() + " container " + c.getName() + ": " + probe.getKey() + " port " + show(port)
                            + " is not a container port");
                }
            });
        }
    }));

    /**
     * preStop, then SIGTERM and Quarkus' graceful shutdown (quarkus.shutdown.timeout): the grace period
     * must cover both, or the kubelet kills requests that the service was still draining.
     */
    public static final Check GRACEFUL_SHUTDOWN = new Check("graceful-shutdown", objects -> eachContainer(objects, (w, c, out) -> {
        if (UpdraftServices.forContainer(c.getName()).isEmpty()) {
            return;
        }
        String where = w.id() + " container " + c.getName() + ": ";
        var preStop = c.getLifecycle() == null ? null : c.getLifecycle().getPreStop();
        if (preStop == null) {
            out.add(where + "no preStop hook");
            return;
        }
        long preStopSeconds = preStop.getSleep() == null ? 0 : preStop.getSleep().getSeconds();
        var service = UpdraftServices.forContainer(c.getName()).get();
        Optional<Duration> shutdown = quarkusValue(objects, w, c, service, "quarkus.shutdown.timeout").map(Policies::duration);
        // With quarkus.shutdown.delay-enabled the service first reports not-ready for the delay, then drains.
        long delaySeconds = quarkusValue(objects, w, c, service, "quarkus.shutdown.delay-enabled").filter("true"::equals)
                .flatMap(enabled -> quarkusValue(objects, w, c, service, "quarkus.shutdown.delay"))
                .map(d -> duration(d).toSeconds())
                .orElse(0L);
        boolean configUnresolved = orEmpty(c.getEnvFrom()).stream().anyMatch(from -> from.getConfigMapRef() != null
                && find(objects, ConfigMap.class, w.namespace(), from.getConfigMapRef().getName()).isEmpty());
        if (shutdown.isEmpty() && configUnresolved) {
            return; // the value may be in the missing ConfigMap: references-resolve reports that
        }
        if (shutdown.isEmpty()) {
            out.add(where + "quarkus.shutdown.timeout is set neither in the ConfigMaps nor in application.properties:"
                    + " Quarkus would not wait for in-flight requests");
            return;
        }
        Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();
        long needed = preStopSeconds + delaySeconds + shutdown.get().toSeconds();
        if (grace == null || grace <= needed) {
            out.add(where + "terminationGracePeriodSeconds " + grace + " does not exceed preStop " + preStopSeconds
                    + " s + shutdown delay " + delaySeconds + " s + shutdown timeout " + shutdown.get().toSeconds() + " s");
        }
    }));

    public static final Check METRICS_SCRAPE = new Check("metrics-scrape", objects -> {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.all(objects)) {
            for (Container c : w.template().getSpec().getContainers()) {
                if (UpdraftServices.forContainer(c.getName()).isEmpty()) {
                    continue;
                }
                Map<String, String> a = w.podAnnotations();
                String port = a.get("prometheus.io/port");
                if (!"true".equals(a.get("prometheus.io/scrape")) || !"/q/metrics".equals(a.get("prometheus.io/path"))
                        || port == null || !port.matches("\\d+") || !hasPort(c, new IntOrString(Integer.parseInt(port)))) {
                    out.add(w.id() + ": pod annotations do not point Prometheus at /q/metrics on a container port");
                }
            }
        }
        return out;
    });

    public static final Check SERVICES_SELECT_PODS = new Check("services-select-pods", objects -> {
        List<String> out = new ArrayList<>();
        for (Service s : ofType(objects, Service.class)) {
            String where = "Service " + s.getMetadata().getName() + ": ";
            List<Workload> backends = Workload.all(objects).stream()
                    .filter(w -> Objects.equals(w.namespace(), s.getMetadata().getNamespace()))
                    .filter(w -> w.selectedBy(s.getSpec().getSelector()))
                    .toList();
            if (backends.isEmpty()) {
                out.add(where + "selector " + s.getSpec().getSelector() + " matches no pod template");
                continue;
            }
            for (var port : s.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
                boolean served = backends.stream()
                        .flatMap(w -> w.template().getSpec().getContainers().stream())
                        .anyMatch(c -> hasPort(c, target));
                if (!served) {
                    out.add(where + "targetPort " + show(target) + " is not a port of the selected pods");
                }
            }
            if (s.getSpec().getSessionAffinity() != null && !"None".equals(s.getSpec().getSessionAffinity())) {
                // Clients recover with `since`; affinity would only pin load unevenly.
                out.add(where + "sessionAffinity " + s.getSpec().getSessionAffinity() + " is not needed and skews load");
            }
        }
        return out;
    });

    public static final Check REFERENCES_RESOLVE = new Check("references-resolve", objects -> {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.all(objects)) {
            PodSpec spec = w.template().getSpec();
            String sa = spec.getServiceAccountName();
            if (sa != null && !"default".equals(sa) && find(objects, ServiceAccount.class, w.namespace(), sa).isEmpty()) {
                out.add(w.id() + ": ServiceAccount " + sa + " does not exist");
            }
            for (Volume v : orEmpty(spec.getVolumes())) {
                if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())
                        && find(objects, ConfigMap.class, w.namespace(), v.getConfigMap().getName()).isEmpty()) {
                    out.add(w.id() + ": volume " + v.getName() + " needs ConfigMap " + v.getConfigMap().getName() + ", which does not exist");
                }
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
                        && find(objects, Secret.class, w.namespace(), v.getSecret().getSecretName()).isEmpty()) {
                    out.add(w.id() + ": volume " + v.getName() + " needs Secret " + v.getSecret().getSecretName() + ", which does not exist");
                }
            }
            for (Container c : containers(spec)) {
                String where = w.id() + " container " + c.getName() + ": ";
                for (VolumeMount m : orEmpty(c.getVolumeMounts())) {
                    if (volume(w, m.getName()).isEmpty() && !w.claimTemplates().contains(m.getName())) {
                        out.add(where + "mounts volume " + m.getName() + ", which the pod does not declare");
                    }
                }
                for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
                    if (from.getConfigMapRef() != null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
                            && find(objects, ConfigMap.class, w.namespace(), from.getConfigMapRef().getName()).isEmpty()) {
                        out.add(where + "envFrom ConfigMap " + from.getConfigMapRef().getName() + " does not exist");
                    }
                    if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())
                            && find(objects, Secret.class, w.namespace(), from.getSecretRef().getName()).isEmpty()) {
                        out.add(where + "envFrom Secret " + from.getSecretRef().getName() + " does not exist");
                    }
                }
                for (EnvVar env : orEmpty(c.getEnv())) {
                    var source = env.getValueFrom();
                    if (source != null && source.getConfigMapKeyRef() != null && !Boolean.TRUE.equals(source.getConfigMapKeyRef().getOptional())) {
                        var ref = source.getConfigMapKeyRef();
                        boolean ok = find(objects, ConfigMap.class, w.namespace(), ref.getName())
                                .map(cm -> orEmpty(cm.getData()).containsKey(ref.getKey())).orElse(false);
                        if (!ok) {
                            out.add(where + "env " + env.getName() + " needs key " + ref.getKey() + " of ConfigMap " + ref.getName() + ", which does not exist");
                        }
                    }
                    if (source != null && source.getSecretKeyRef() != null && !Boolean.TRUE.equals(source.getSecretKeyRef().getOptional())) {
                        var ref = source.getSecretKeyRef();
                        boolean ok = find(objects, Secret.class, w.namespace(), ref.getName())
                                .map(s -> orEmpty(s.getData()).containsKey(ref.getKey()) || orEmpty(s.getStringData()).containsKey(ref.getKey()))
                                .orElse(false);
                        if (!ok) {
                            out.add(where + "env " + env.getName() + " needs key " + ref.getKey() + " of Secret " + ref.getName() + ", which does not exist");
                        }
                    }
                }
            }
        }
        for (Ingress ingress : ofType(objects, Ingress.class)) {
            for (var rule : orEmpty(ingress.getSpec().getRules())) {
                for (var path : rule.getHttp().getPaths()) {
                    var backend = path.getBackend().getService();
                    var service = find(objects, Service.class, ingress.getMetadata().getNamespace(), backend.getName());
                    boolean portOk = service.map(s -> s.getSpec().getPorts().stream().anyMatch(p ->
                            Objects.equals(p.getName(), backend.getPort().getName()) && backend.getPort().getName() != null
                                    || Objects.equals(p.getPort(), backend.getPort().getNumber()))).orElse(false);
                    if (!portOk) {
                        out.add("Ingress " + ingress.getMetadata().getName() + ": backend " + backend.getName() + " port "
                                + (backend.getPort().getName() != null ? backend.getPort().getName() : backend.getPort().getNumber())
                                + " is not a port of an existing Service");
                    }
                }
            }
        }
        for (HorizontalPodAutoscaler hpa : ofType(objects, HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            boolean exists = Workload.all(objects).stream().anyMatch(w -> w.owner().getKind().equals(target.getKind())
                    && w.owner().getMetadata().getName().equals(target.getName())
                    && Objects.equals(w.namespace(), hpa.getMetadata().getNamespace()));
            if (!exists) {
                out.add("HorizontalPodAutoscaler " + hpa.getMetadata().getName() + ": target " + target.getKind() + " " + target.getName() + " does not exist");
            }
        }
        for (PodDisruptionBudget pdb : ofType(objects, PodDisruptionBudget.class)) {
            if (!selectsSomething(objects, pdb.getMetadata().getNamespace(), pdb.getSpec().getSelector())) {
                out.add("PodDisruptionBudget " + pdb.getMetadata().getName() + ": selector matches no pod template");
            }
        }
        return out;
    });

    /**
     * A namespace with pods denies by default, and every pod selector in a NetworkPolicy (the policy's own
     * and its peers in the namespace) matches pods that exist: a typo'd label silently cuts a data path.
     */
    public static final Check NETWORK_POLICIES = new Check("network-policies", objects -> {
        List<String> out = new ArrayList<>();
        List<NetworkPolicy> policies = ofType(objects, NetworkPolicy.class);
        Workload.all(objects).stream().map(Workload::namespace).distinct().forEach(ns -> {
            boolean denyAll = policies.stream().anyMatch(p -> Objects.equals(p.getMetadata().getNamespace(), ns)
                    && isEmpty(p.getSpec().getPodSelector())
                    && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                    && orEmpty(p.getSpec().getIngress()).isEmpty() && orEmpty(p.getSpec().getEgress()).isEmpty());
            if (!denyAll) {
                out.add("namespace " + ns + ": no default-deny NetworkPolicy for ingress and egress");
            }
        });
        for (NetworkPolicy p : policies) {
            String ns = p.getMetadata().getNamespace();
            String where = "NetworkPolicy " + p.getMetadata().getName() + ": ";
            if (!isEmpty(p.getSpec().getPodSelector()) && !selectsSomething(objects, ns, p.getSpec().getPodSelector())) {
                out.add(where + "podSelector matches no pod template");
            }
            Stream<NetworkPolicyPeer> peers = Stream.concat(
                    orEmpty(p.getSpec().getIngress()).stream().flatMap(r -> orEmpty(r.getFrom()).stream()),
                    orEmpty(p.getSpec().getEgress()).stream().flatMap(r -> orEmpty(r.getTo()).stream()));
            peers.filter(peer -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null)
                    .filter(peer -> !selectsSomething(objects, ns, peer.getPodSelector()))
                    .forEach(peer -> out.add(where + "peer " + new java.util.TreeMap<>(peer.getPodSelector().getMatchLabels()) + " matches no pod template"));
        }
        return out;
    });

    /** Keys the services read, from their sources next to deploy/ in the repository. */
    public static final Check CONFIG_KEYS = dev.updraft.deploy.config.ConfigKeyCheck.against(
            dev.updraft.deploy.Overlays.deployDir().getParent());

    public static List<Check> all() {
        return List.of(PROBES, RESOURCES, SECURITY_CONTEXT, WRITABLE_PATHS, PROBE_PORTS, GRACEFUL_SHUTDOWN,
                METRICS_SCRAPE, SERVICES_SELECT_PODS, REFERENCES_RESOLVE, NETWORK_POLICIES, CONFIG_KEYS);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    @FunctionalInterface
    interface ContainerRule {
        void check(Workload w, Container c, List<String> out);
    }

    private static List<String> eachContainer(List<HasMetadata> objects, ContainerRule rule) {
        List<String> out = new ArrayList<>();
        for (Workload w : Workload.all(objects)) {
            containers(w.template().getSpec()).forEach(c -> rule.check(w, c, out));
        }
        return out;
    }

    private static List<Container> containers(PodSpec spec) {
        return Stream.concat(orEmpty(spec.getInitContainers()).stream(), spec.getContainers().stream()).toList();
    }

    private static void expectHttpPath(Workload w, Container c, String kind, Probe probe, String path, List<String> out) {
        if (probe == null || probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            out.add(w.id() + " container " + c.getName() + ": " + kind + " must be an HTTP GET of " + path);
        }
    }

    private static Optional<IntOrString> probePort(Probe probe) {
        if (probe.getHttpGet() != null) {
            return Optional.of(probe.getHttpGet().getPort());
        }
        if (probe.getTcpSocket() != null) {
            return Optional.of(probe.getTcpSocket().getPort());
        }
        if (probe.getGrpc() != null) {
            return Optional.of(new IntOrString(probe.getGrpc().getPort()));
        }
        return Optional.empty(); // exec probes use no port
    }

    private static boolean hasPort(Container c, IntOrString port) {
        for (ContainerPort p : orEmpty(c.getPorts())) {
            if (port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : Objects.equals(port.getIntVal(), p.getContainerPort())) {
                return true;
            }
        }
        return false;
    }

    private static String show(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    private static Optional<Volume> volume(Workload w, String name) {
        return orEmpty(w.template().getSpec().getVolumes()).stream().filter(v -> v.getName().equals(name)).findFirst();
    }

    /** Every env var a container gets from literal env and envFrom ConfigMaps, with its value. */
    static Map<String, String> configuredValues(List<HasMetadata> objects, Workload w, Container c) {
        Map<String, String> values = new java.util.TreeMap<>();
        for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                find(objects, ConfigMap.class, w.namespace(), from.getConfigMapRef().getName())
                        .ifPresent(cm -> values.putAll(orEmpty(cm.getData())));
            }
        }
        for (EnvVar env : orEmpty(c.getEnv())) {
            if (env.getValue() != null) {
                values.put(env.getName(), env.getValue());
            }
        }
        return values;
    }

    /** The value a container sees for an env var: explicit env first, then envFrom ConfigMaps, last wins. */
    static Optional<String> envValue(List<HasMetadata> objects, Workload w, Container c, String name) {
        for (EnvVar env : orEmpty(c.getEnv())) {
            if (env.getName().equals(name) && env.getValue() != null) {
                return Optional.of(env.getValue());
            }
        }
        String value = null;
        for (EnvFromSource from : orEmpty(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                var cm = find(objects, ConfigMap.class, w.namespace(), from.getConfigMapRef().getName());
                if (cm.isPresent() && orEmpty(cm.get().getData()).containsKey(name)) {
                    value = cm.get().getData().get(name);
                }
            }
        }
        return Optional.ofNullable(value);
    }

    private static Optional<String> envLiteral(Container c, String name) {
        return orEmpty(c.getEnv()).stream().filter(e -> e.getName().equals(name) && e.getValue() != null)
                .map(EnvVar::getValue).findFirst();
    }

    /**
     * A Quarkus property as the running prod-profile service sees it: the container's environment first
     * (env-var form), then the service's application.properties ({@code %prod.} before the plain key).
     */
    static Optional<String> quarkusValue(List<HasMetadata> objects, Workload w, Container c, UpdraftServices.Service service, String property) {
        String env = property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        Optional<String> fromEnv = envValue(objects, w, c, env);
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        java.nio.file.Path file = dev.updraft.deploy.Overlays.deployDir().getParent()
                .resolve(service.module()).resolve("src/main/resources/application.properties");
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Optional.empty();
        }
        java.util.Properties properties = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Optional.ofNullable(properties.getProperty("%prod." + property, properties.getProperty(property)));
    }

    /** Quarkus durations as the manifests write them: 30s, 1m, 500ms or ISO-8601. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        return Duration.parse(text.strip());
    }

    private static boolean selectsSomething(List<HasMetadata> objects, String namespace, LabelSelector selector) {
        if (selector == null || selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            return selector != null; // expressions are not evaluated here; the manifests use matchLabels only
        }
        return Workload.all(objects).stream()
                .filter(w -> Objects.equals(w.namespace(), namespace))
                .anyMatch(w -> w.selectedBy(selector.getMatchLabels()));
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null || orEmpty(selector.getMatchLabels()).isEmpty() && orEmpty(selector.getMatchExpressions()).isEmpty();
    }

    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> type, String namespace, String name) {
        return ofType(objects, type).stream()
                .filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace) && o.getMetadata().getName().equals(name))
                .findFirst();
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
