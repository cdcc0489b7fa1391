/**
 * The demo app's names, as the lab's exercises use them (fixtures/demo), and the edits a person
 * makes to its values file. The edits keep the file's comments and layout (yaml's Document API).
 */
import {parseDocument} from 'yaml';

export const demoApp = {
	deployment: 'web',
	container: 'web',
	service: 'web',
	configMap: 'web-config',
	podSelector: 'app.kubernetes.io/name=web',
	valuesFile: 'chart/values-dev.yaml',
	configMapTemplate: 'chart/templates/web-configmap.yaml',
	imageRepository: 'registry.example/driftwatch/flask-counter',
	/** A tag the lab's fake kubelet never pulls (kwok stage driftwatch-pod-imagepullbackoff). */
	badTag: '1.1.0-does-not-exist',
	hotfixTag: '1.0.1-hotfix',
} as const;

/** Sets one value in a YAML file's text, e.g. ['web', 'image', 'tag'] = '1.1.0'. */
export function setYamlValue(text: string, path: readonly string[], value: string | number): string {
	const document = parseDocument(text);
	if (document.errors.length > 0) throw new Error(`the file is not valid YAML: ${document.errors[0]?.message ?? ''}`);
	document.setIn(path, value);
	return document.toString();
}
