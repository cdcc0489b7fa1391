/**
 * Container image references (`registry:5000/team/web:1.2@sha256:...`) split the way kustomize's
 * `images:` transformer and `kustomize edit set image` see them: a name, an optional tag, an
 * optional digest. Pure.
 */

export interface ImageReference {
	/** Registry and repository: 'registry.example.com:5000/team/web'. */
	name: string;
	tag?: string;
	/** 'sha256:...' */
	digest?: string;
}

const namePattern = /^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const registryPattern = /^[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;

/** Splits `reference`; the tag is what follows the last ':' after the last '/'. */
export function parseImage(reference: string): ImageReference {
	const at = reference.indexOf('@');
	const digest = at >= 0 ? reference.slice(at + 1) : undefined;
	const rest = at >= 0 ? reference.slice(0, at) : reference;
	const colon = rest.lastIndexOf(':');
	const hasTag = colon > rest.lastIndexOf('/');
	return {
		name: hasTag ? rest.slice(0, colon) : rest,
		...(hasTag ? {tag: rest.slice(colon + 1)} : {}),
		...(digest !== undefined ? {digest} : {}),
	};
}

export function formatImage(image: ImageReference): string {
	return `${image.name}${image.tag !== undefined ? `:${image.tag}` : ''}${image.digest !== undefined ? `@${image.digest}` : ''}`;
}

/**
 * Why `reference` is not a valid image reference, or undefined when it is. A registry host may have
 * capitals and a port; repository path components are lower case, as the distribution spec says.
 */
export function invalidImageReason(reference: string): string | undefined {
	if (reference === '' || reference !== reference.trim()) return 'an image reference has no spaces and is not empty';
	const image = parseImage(reference);
	const [first = '', ...others] = image.name.split('/');
	const hasRegistry = others.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
	const repository = hasRegistry ? others.join('/') : image.name;
	if (hasRegistry && !registryPattern.test(first)) return `"${first}" is not a registry host`;
	if (!namePattern.test(repository)) return `"${repository}" is not a repository name (lower case letters, digits, separators)`;
	if (image.tag !== undefined && !tagPattern.test(image.tag)) return `"${image.tag}" is not a tag (letters, digits, _ . -, at most 128)`;
	if (image.digest !== undefined && !digestPattern.test(image.digest)) return `"${image.digest}" is not a digest (algorithm:hex)`;
	return undefined;
}
