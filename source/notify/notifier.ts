/**
 * Tells people about transitions (an app went out of sync, degraded, healed, or failed to
 * sync): a terminal bell and/or a Slack-compatible incoming webhook. Notifying is best effort: a
 * failure is kept in `lastError` for the engine to show, and never thrown, because a chat outage
 * must not stop drift watching.
 */
import {DriftwatchError, errorSummary} from '../core/errors.js';
import type {Notification, NotificationKind} from '../core/notification.js';
import {maskUrlCredentials} from '../core/url-credentials.js';
import type {NotifyOutcome, NotifyPort} from '../ports/notify.js';

export type {Notification, NotificationKind, NotifyOutcome};

/** Says a notification in words (source/presentation/notification.ts); given by the composition root. */
export type DescribeNotification = (notification: Notification) => string;

export interface NotifierOptions {
	/** The message text of a notification. */
	describe: DescribeNotification;
	/** Ring the terminal bell (BEL, U+0007) on every notification. Default false. */
	bell?: boolean;
	/** A Slack-compatible incoming webhook URL (Slack, Mattermost, Rocket.Chat...). Default none. */
	webhookUrl?: string;
	/** Where the bell goes. Default: process.stderr.write (stdout belongs to the UI). */
	write?: (text: string) => void;
	/** The fetch to POST with. Default: the global fetch. */
	fetch?: typeof fetch;
	/** How long one POST may take. Default 5000 ms. */
	timeoutMs?: number;
}

/** Slack's message attachment colours. */
export type AttachmentColor = 'danger' | 'warning' | 'good';

export interface SlackField {
	title: string;
	value: string;
	short: boolean;
}

/** The body POSTed to the webhook (Slack's legacy attachments format, which others accept too). */
export interface SlackMessage {
	text: string;
	attachments: Array<{color: AttachmentColor; title: string; text: string; fields: SlackField[]; ts: number}>;
}

const presentation: Record<NotificationKind, {color: AttachmentColor; title: string}> = {
	'out-of-sync': {color: 'warning', title: 'OutOfSync'},
	degraded: {color: 'danger', title: 'Degraded'},
	'sync-failed': {color: 'danger', title: 'Sync failed'},
	healed: {color: 'good', title: 'Healed'},
};

/** The webhook body for a notification, its text said by `describe`. Pure. */
export function slackMessage(notification: Notification, describe: DescribeNotification): SlackMessage {
	const {color, title} = presentation[notification.kind];
	const fields: SlackField[] = [
		{title: 'Application', value: notification.app, short: true},
		{title: 'Event', value: notification.kind, short: true},
	];
	if (notification.revision) fields.push({title: 'Revision', value: notification.revision, short: true});
	const millis = Date.parse(notification.time);
	return {
		text: `driftwatch: ${notification.app} ${title}`,
		attachments: [
			{
				color,
				title: `${notification.app}: ${title}`,
				text: describe(notification),
				fields,
				// Slack wants epoch seconds; an unparsable time falls back to now rather than 0 (1970).
				ts: Math.floor((Number.isNaN(millis) ? Date.now() : millis) / 1000),
			},
		],
	};
}

export class Notifier implements NotifyPort {
	/** Why the most recent webhook delivery failed; undefined when it succeeded or none was tried. */
	lastError: DriftwatchError | undefined;

	private readonly write: (text: string) => void;
	private readonly fetch: typeof fetch;
	private readonly timeoutMs: number;

	constructor(private readonly options: NotifierOptions) {
		this.write = options.write ?? (text => void process.stderr.write(text));
		this.fetch = options.fetch ?? globalThis.fetch;
		this.timeoutMs = options.timeoutMs ?? 5000;
	}

	/**
	 * Rings and/or POSTs. Never rejects; a webhook failure is returned (the engine shows it) and
	 * kept in `lastError`. Nothing was posted (a bell only): undefined.
	 */
	async notify(notification: Notification): Promise<NotifyOutcome> {
		if (this.options.bell) this.write('\u0007');
		const url = this.options.webhookUrl;
		if (!url) return undefined;
		this.lastError = await this.post(url, slackMessage(notification, this.options.describe));
		return this.lastError ? {delivered: false, error: errorSummary(this.lastError)} : {delivered: true};
	}

	private async post(url: string, body: SlackMessage): Promise<DriftwatchError | undefined> {
		// Incoming-webhook URLs carry their secret in the path: name only the origin in errors.
		const where = safeOrigin(url);
		try {
			const response = await this.fetch(url, {
				method: 'POST',
				headers: {'Content-Type': 'application/json'},
				// Text in a notification comes from messages (git, tools, the API server) that may echo a URL.
				body: maskUrlCredentials(JSON.stringify(body)),
				signal: AbortSignal.timeout(this.timeoutMs),
			});
			// Drain the body so the connection is released; its content is not needed.
			await response.arrayBuffer().catch(() => undefined);
			if (response.ok) return undefined;
			return new DriftwatchError('internal', `notification webhook at ${where} answered HTTP ${response.status}`, {
				hint: 'check the webhook URL and that the receiving service accepts it',
			});
		} catch (error) {
			const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : causeCode(error);
			return new DriftwatchError('internal', `cannot deliver the notification to ${where} (${reason})`, {
				hint: 'check the webhook URL and the network',
				cause: error,
			});
		}
	}
}

function safeOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'an invalid URL';
	}
}

/** fetch wraps socket errors in a TypeError whose `cause` holds the errno code (ECONNREFUSED...). */
function causeCode(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const cause = error.cause as NodeJS.ErrnoException | undefined;
	return cause?.code ?? cause?.message ?? error.message;
}
