/** A status badge: symbol and word in the status's color ("✔ Synced"); blank for no status. */
import {Text} from 'ink';
import type {Badge} from '../theme.js';

/** Props of BadgeText. */
export interface BadgeTextProps {
	badge: Badge;
	/** Show the word after the symbol. Default true. */
	label?: boolean;
}

/** A badge as inline text. */
export function BadgeText({badge, label = true}: BadgeTextProps) {
	if (!badge.label) return <Text> </Text>;
	return <Text color={badge.color}>{label ? `${badge.symbol} ${badge.label}` : badge.symbol}</Text>;
}
