/** A status badge: symbol and word in the color of its tone ("✔ Synced"); blank for no status. */
import {badgeText, type Badge} from '../../presentation/badges.js';
import {badgeColor} from '../theme.js';
import {Text} from './text.js';

/** Props of BadgeText. */
export interface BadgeTextProps {
	badge: Badge;
	/** Show the word after the symbol. Default true. */
	word?: boolean;
}

/** A badge as inline text. */
export function BadgeText({badge, word = true}: BadgeTextProps) {
	if (!badge.word) return <Text> </Text>;
	return <Text color={badgeColor(badge)}>{badgeText(badge, {word})}</Text>;
}
