/**
 * Credentials in URLs, masked: `https://user:token@host/repo` becomes `https://***@host/repo`
 * wherever a URL reaches output (errors, the header, JSON, JSON lines, the audit log,
 * notifications). git and the tools echo URLs in their messages, so the rule works on any text,
 * not only on a URL alone. Pure.
 *
 * The rule: in `scheme://userinfo@`, the whole userinfo is masked (a token is as often the user
 * part as the password: `https://ghp_xxx@github.com`, `https://oauth2:xxx@gitlab.com`), except
 * a plain user name of an SSH URL (`ssh://git@host`), which is no secret; an SSH password is
 * masked (`ssh://user:***@host`). The userinfo ends at the last `@` before the host, as URL
 * parsers read it, so a password holding a raw `@` is masked whole.
 */

/** What replaces a credential. */
export const credentialMask = '***';

const userinfo = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/?#"'<>\\`]*)@/giu;

const sshSchemes = new Set(['ssh', 'git+ssh', 'ssh+git']);

/** `text` with the credentials of every URL in it masked. */
export function maskUrlCredentials(text: string): string {
	if (!text.includes('@')) return text;
	return text.replace(userinfo, (_match, scheme: string, info: string) => {
		const colon = info.indexOf(':');
		if (sshSchemes.has(scheme.toLowerCase())) {
			if (colon < 0) return `${scheme}://${info}@`;
			return `${scheme}://${info.slice(0, colon)}:${credentialMask}@`;
		}
		return `${scheme}://${credentialMask}@`;
	});
}

/** Whether `text` holds a URL with credentials (that masking would change). */
export function hasUrlCredentials(text: string): boolean {
	return maskUrlCredentials(text) !== text;
}
