/**
 * The topics a cameo owner can rule out ("no political content"). The engine matches each topic with its lexicon
 * (src-main/engine/cameos/topics.ts); the studio shows the labels as the owner's checkboxes.
 */
export const restrictionTopics = ['political', 'violence', 'weapons', 'sexual', 'drugs', 'alcohol', 'gambling', 'religion', 'advertising'] as const;
export type RestrictionTopic = (typeof restrictionTopics)[number];

/** How a topic rule reads after "no …", in the studio and in the engine's refusals. */
export const RESTRICTION_TOPIC_TEXT: Record<RestrictionTopic, string> = {
  political: 'political content',
  violence: 'violence',
  weapons: 'weapons',
  sexual: 'sexual content or nudity',
  drugs: 'drugs',
  alcohol: 'alcohol',
  gambling: 'gambling',
  religion: 'religious content',
  advertising: 'brands or advertising',
};
