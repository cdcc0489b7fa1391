/** `--help` text for driftwatch and each command (kept in step with the README). */

const appFlags = `
  App (by flags)
    --repo URL|PATH       Git repository (remote URL or local path)
    --revision REF        branch, tag, commit or HEAD (default HEAD)
    --path DIR            directory in the repo (default .)
    --namespace NS        destination namespace (default: the context's, else default)
    --name NAME           app name (default: from the repo and path)
    --recurse             read plain YAML directories recursively
    --values FILE         Helm value file of the repository, relative to the chart
                          (/x.yaml: from the repository root; repeatable)
    --allow-remote-values let helm fetch http(s) value files (refused by default)
    --set k=v             Helm parameter (repeatable); --set-string k=v for strings
    --release NAME        Helm release name (default: the app name)
  App (by manifest)
    --app FILE|DIR        Argo CD Application manifests, read as-is (repeatable);
                          AppProjects in the same files limit repos, destinations, kinds
  Cluster
    --kubeconfig FILE     kubeconfig (default: $KUBECONFIG, then ~/.kube/config)
    --context NAME        kubeconfig context (default: current; an Application's
                          destination.name also names a context)`;

export const commandHelp: Record<string, string> = {
	main: `
  driftwatch: live GitOps drift watching for Kubernetes

  Usage
    driftwatch lab                   a local cluster with the demo app, and the UI on it (npm start)
    driftwatch [watch] [app flags]   the terminal UI (default command)
    driftwatch diff [app flags]      unified diff Git vs cluster; exit 0 in sync, 1 drift, 2 error
    driftwatch status [app flags]    app table: sync, health, revision, counts
    driftwatch sync [app flags]      server-side apply of Git (--prune, --dry-run, --resource)
    driftwatch revert [SHA]          git revert of a commit (default: the deployed one), then sync
    driftwatch rollback REVISION     deploy an earlier revision; turns auto-sync and self-heal off
    driftwatch rollout ACTION NAME   Argo Rollouts: promote [--full], abort, pause, resume
    driftwatch set-image C=IMAGE:TAG set a container's image in Git (the renderer's way), commit, push
    driftwatch promote --from E --to E   copy images (and --values KEY) from one environment to another
    driftwatch keep KIND/NAME        keep a live change: write the drifted fields' live values to Git
    driftwatch health FILE...        health of objects in YAML/JSON files
    driftwatch compare --desired FILE --live FILE   offline comparison of two files
    driftwatch demo-repo             create the built-in demo repositories; print the working clone's path

  driftwatch --argocd [--argocd-namespace NS]   attach to Argo CD: its Applications, watched; actions
                                      asked of Argo CD (sync and rollback take --argocd --name APP too)

  Without --repo or --app, driftwatch watches the built-in demo app's plain manifests
  (fixtures/demo, as a bare repository with a working clone: driftwatch demo-repo prints its
  path) in namespace driftwatch-demo of the current context.

  Run driftwatch COMMAND --help for a command's flags. NO_COLOR turns colors off.
`,
	lab: `
  driftwatch lab: a local Kubernetes cluster with the demo app, and the UI on it

  Builds the control-plane binaries when they are missing (once per machine, with progress),
  starts a local control plane (etcd, kube-apiserver, controllers, kwok fake nodes), creates the
  demo's Git repositories (a bare remote and a working clone), and watches the demo's Argo CD
  Application (automated sync, self-heal, prune), which deploys it. Quitting stops everything the
  lab started and removes its data.

  Usage
    driftwatch lab [--keep]          (npm start in the driftwatch project)
    driftwatch lab --print-env       export lines for a second terminal: KUBECONFIG, the demo's clone
    driftwatch lab --stop            stop a lab left running by --keep
    driftwatch lab --no-ui --output jsonl   the same, headless

  Flags
    --keep                leave the cluster running after quitting, for kubectl
    --print-env           print KUBECONFIG and DRIFTWATCH_LAB_CLONE of the running lab
    --stop                stop labs left running by --keep
`,
	watch: `
  driftwatch [watch]: the live terminal UI, or a headless JSON-lines event stream

  Usage
    driftwatch watch [app flags] [policy flags]
    driftwatch watch --no-ui --output jsonl [--self-heal] [--auto-sync] [--prune]
${appFlags}
  Policy
    --auto-sync           apply new commits automatically
    --self-heal           revert live drift automatically
    --prune               delete tracked objects that Git no longer has
                          (an Application's syncPolicy gives these three their defaults;
                          --no-auto-sync, --no-self-heal, --no-prune turn one off)
    --read-only           never send a mutating request; actions say why they are off
    --interval SECONDS    Git poll interval (default 2 for a path or file:// URL on this machine, 30 for a remote)
    --webhook-port PORT   receive GitHub push webhooks on 127.0.0.1:PORT (refresh at once)
    --webhook-secret S    HMAC secret for the webhook (or $DRIFTWATCH_WEBHOOK_SECRET)
    --audit-log FILE      JSON-lines audit log (default $XDG_STATE_HOME/driftwatch/audit.jsonl,
                          else ~/.local/state/driftwatch/audit.jsonl)
    --notify-webhook URL  POST Slack-compatible JSON on OutOfSync, Degraded, healed, sync failed
    --bell                ring the terminal bell on those transitions
  Headless
    --no-ui               no terminal UI
    --output jsonl        one JSON object per event, with a timestamp
  Argo CD mode
    --argocd              show Argo CD's Applications (read them, watch them, ask Argo CD to act)
    --argocd-namespace NS the namespace of Argo CD's Applications (default argocd)
    --name APP            only this Application
`,
	diff: `
  driftwatch diff: a colored unified diff per OutOfSync object and a summary

  Usage
    driftwatch diff [app flags] [--output text|json] [--read-only]
${appFlags}
  --read-only sends no server-side dry run: the fields Git sets are compared (a warning says so).
  Exit codes: 0 in sync, 1 drift found, 2 error (as kubectl diff)
`,
	status: `
  driftwatch status: the app table (sync, health, revision, counts)

  Usage
    driftwatch status [app flags] [--output text|json] [--read-only]
${appFlags}
  --read-only sends no server-side dry run: the fields Git sets are compared (a warning says so).
  Exit codes: 0 evaluated, 2 error
`,
	sync: `
  driftwatch sync: server-side apply of Git with field manager "driftwatch"

  Usage
    driftwatch sync [app flags] [--prune] [--dry-run] [--resource KIND/NAME ...] [--output text|json]
${appFlags}
  Sync
    --prune               delete tracked objects that Git no longer has
    --dry-run             validate with the API server and show what would change; change nothing
    --resource KIND/NAME  only these objects (repeatable; KIND/NAMESPACE/NAME, GROUP/KIND/NAMESPACE/NAME
                          and Argo CD's GROUP:KIND:NAME also work)
    --read-only           refuse (useful to prove a pipeline cannot write)
    --audit-log FILE      JSON-lines audit log
  Argo CD mode
    driftwatch sync --argocd [--argocd-namespace NS] --name APP [--prune] [--resource ...]
                          ask Argo CD to sync the Application (its operation), wait for the result
  Exit codes: 0 done, 1 failed, 2 usage or config error
`,
	revert: `
  driftwatch revert: create a git revert commit of SHA (default: the deployed commit), push it
  when the source is a remote, and deploy it

  Usage
    driftwatch revert [SHA] [app flags] [--output text|json]
${appFlags}
  Exit codes: 0 done, 1 failed, 2 usage or config error
`,
	rollback: `
  driftwatch rollback: deploy the objects of an earlier revision (a commit SHA, tag or branch); turns
  auto-sync and self-heal off

  Usage
    driftwatch rollback REVISION [app flags] [--output text|json]
${appFlags}
  Argo CD mode
    driftwatch rollback --argocd [--argocd-namespace NS] --name APP ID|REVISION
                          ask Argo CD to sync history entry ID (or REVISION) again; refused while
                          auto-sync is on, as Argo CD refuses it
  Exit codes: 0 done, 1 failed, 2 usage or config error
`,
	rollout: `
  driftwatch rollout: Argo Rollouts actions on a Rollout in the app's namespace, with the
  patches the kubectl argo rollouts plugin sends

  Usage
    driftwatch rollout promote NAME [--full] [app flags] [--output text|json]
    driftwatch rollout abort|pause|resume NAME [app flags] [--output text|json]
${appFlags}
  Exit codes: 0 done, 1 failed, 2 usage or config error
`,
	'set-image': `
  driftwatch set-image: set container images in the app's source, the way its renderer expects
  (the manifest in place; the kustomization's images: entry; the Helm value that fills the field,
  found by rendering), show the diff, then commit and push it (never forced). With auto-sync the
  app then rolls it out.

  Usage
    driftwatch set-image [app flags] CONTAINER=IMAGE[:TAG][@DIGEST] ... [--resource KIND/NAME]
${appFlags}
  Edit
    --resource KIND/NAME  only containers of these workloads (default: every workload's CONTAINER)
    --dry-run             show the diff; write nothing
    --yes, -y             do not ask (needed when stdin is not a terminal, and with --output json)
    --read-only           refuse to write (with --dry-run: show the diff)
    --output text|json
  Refused, with the reason and nothing written: a field no chart value maps to, an edit that would
  change anything else, an app that follows a tag or a commit, a local repository with uncommitted
  changes, a push that conflicts with commits pushed meanwhile.
  Exit codes: 0 done (or nothing to change), 1 refused or failed, 2 usage or config error
`,
	promote: `
  driftwatch promote: make one environment run another's images (and with --values, copy chosen
  Helm values), as one commit of the target environment's own files

  Usage
    driftwatch promote --app DIR --from ENV --to ENV [--values KEY ...]
    driftwatch promote --repo URL --path overlays --from dev --to prod      (Kustomize overlays)
    driftwatch promote --repo URL --path chart --from values-dev.yaml --to values-prod.yaml [--values KEY]
  Environments
    With --app, ENV is an Application: named ENV, or ending in -ENV (web-dev, web-prod).
    With --repo, ENV is a directory under --path, or a value file of the chart when --path is a
    Helm chart. Both environments must be in the same repository and branch.
  Promote
    --from ENV, --to ENV  the source and the target environment
    --values KEY          a Helm value to copy as well, e.g. replicaCount or resources.limits (repeatable)
    --dry-run, --yes, --read-only, --output text|json   as for set-image
  Exit codes: 0 done (or nothing to change), 1 refused or failed, 2 usage or config error
`,
	keep: `
  driftwatch keep: keep a hand change made live (kubectl scale, kubectl set image...) instead of
  undoing it: the live values of the object's drifted fields are written to the files in Git that
  produce them (the manifest in place, the kustomization's images: entry or patch, the Helm value
  that fills the field), committed with a message naming the fields, the object and who changed
  them live, and pushed (never forced). Then the object is synced: nothing changes live, and the
  commit is recorded as deployed. Self-heal and auto-sync leave the object alone meanwhile.

  Usage
    driftwatch keep KIND/NAME [app flags] [--dry-run | --yes] [--output text|json]
    (KIND/NAMESPACE/NAME when the name is in several namespaces)
${appFlags}
  Keep
    --dry-run             show the diff; write nothing
    --yes, -y             do not ask (needed when stdin is not a terminal, and with --output json)
  Refused, with the reason and nothing written: an object that is in sync, missing or not in Git, a
  Secret, a field no value maps to (a Helm template literal), an edit that would change anything
  else, an app that follows a tag or a commit, a local repository with uncommitted changes, a push
  that conflicts with commits pushed meanwhile, a live object that changed after the plan was shown.
  Exit codes: 0 done, 1 refused or failed, 2 usage or config error
`,
	health: `
  driftwatch health: health of the objects in YAML/JSON files (multi-document, List kinds too)

  Usage
    driftwatch health FILE... [--output text|json]     (- reads standard input)

  JSON: [{apiVersion, kind, namespace, name, status, message}], status null for kinds without health
`,
	'demo-repo': `
  driftwatch demo-repo: create the built-in demo's repositories, once, and print the working clone's path

  Usage
    driftwatch demo-repo

  The bare repository (the remote driftwatch watches) and its working clone are made from
  fixtures/demo in $DRIFTWATCH_CACHE/demo-counter (default ~/.cache/driftwatch/demo-counter).
  Edit, commit and git push in the clone; driftwatch without --repo or --app watches the remote.
`,
	compare: `
  driftwatch compare: compare objects from two files offline, matched by identity

  Usage
    driftwatch compare --desired FILE --live FILE [--namespace NS] [--output text|json]

  JSON: [{kind, namespace, name, status, modified, drift, changedPaths, diff, warnings}]
  Exit codes: 0 in sync, 1 drift found, 2 error
`,
};
