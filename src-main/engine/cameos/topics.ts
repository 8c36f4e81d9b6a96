/**
 * The topic lexicon behind "no … content" restrictions: for each topic, the words and phrases that put a prompt in it.
 * A prompt is in a topic when it contains one of them as whole words, in any inflection (wordForms.ts): the
 * entry is written in its base form and a prompt's "senators" or "voting" finds "senator" or "vote"; irregular forms
 * ("fought", "knives") are entries of their own. An entry can name phrases that take it back out (`unless`): "fruit
 * punch" is not violence, "a photo shoot" is not a shooting, "brand new" is not a brand.
 *
 * How to extend it: add the base form (singular, infinitive; an entry is never folded itself, so "stoned" does not
 * catch "a stone wall") of a word that on its own makes a prompt about the topic,
 * and derived words separately ("voter", "fighter": only inflections are folded, see wordForms.ts). A word with an
 * innocent everyday sense either goes in as a phrase ("campaign rally", not "rally") or carries its `unless` list, and
 * the innocent prompts in restrictions.test.ts must still pass. What it cannot do is understand a prompt that describes
 * a topic without any of its words; no moderation model runs locally (the README's threat notes say so).
 */
import type { RestrictionTopic } from '../../../src-shared/cameo/restrictionTopics.js';

export interface TopicTerm {
  term: string;
  /** Phrases around the term that mean something else; a match inside one of them does not count. */
  unless?: readonly string[];
}

export type TopicLexicon = Record<RestrictionTopic, readonly (string | TopicTerm)[]>;

export const TOPIC_LEXICON: TopicLexicon = {
  political: [
    'politics', 'political', 'politician', 'election', 'elect', 'vote', 'voter', 'ballot', 'polling station', 'referendum',
    'senator', 'senate', 'congress', 'congressman', 'congresswoman', 'parliament', 'member of parliament', 'legislature',
    'legislator', 'minister', 'prime minister', 'president', 'presidential', 'governor', 'mayor', 'city council', 'councillor',
    'councilman', 'government', 'candidate', 'campaign speech', 'campaign rally', 'campaign trail', 'campaign poster',
    'election campaign', 'political campaign', 'political rally', 'political debate', 'democrat', 'democratic party',
    'republican', 'labour party', 'conservative party', 'tory', 'socialist', 'communist', 'fascist', 'propaganda', 'partisan',
    'protest', 'protester', 'protestor', 'activist', 'picket line', 'white house', 'downing street', 'capitol hill', 'kremlin',
    'impeach', 'impeachment', 'caucus', 'inauguration', 'manifesto', 'dictator', 'head of state', 'diplomat', 'lobbyist',
    'party convention', 'party leader', 'state of the union',
  ],
  violence: [
    'violence', 'violent', 'brutal', 'brutality',
    { term: 'fight', unless: ['pillow fight', 'food fight', 'snowball fight', 'water fight'] },
    'fought', 'fighter', 'fistfight', 'brawl', 'beat up', 'beaten up', 'slap',
    { term: 'punch', unless: ['fruit punch', 'punch bowl', 'punch card', 'punch line'] },
    { term: 'kill', unless: ['kill time', 'killing time', 'weed killer'] },
    'killer', 'murder', 'murderer', 'assassin', 'assassinate', 'slaughter', 'massacre', 'execution', 'behead', 'stab',
    { term: 'shoot', unless: ['photo shoot', 'film shoot', 'fashion shoot', 'video shoot', 'shooting star', 'shoot a film', 'shoot a video', 'shoot hoops', 'shooting hoops', 'shoot the ball'] },
    'shot dead', 'shootout', 'gunfight',
    { term: 'attack', unless: ['heart attack', 'panic attack', 'asthma attack'] },
    'assault', 'abuse', 'torture', 'kidnap', 'hostage', { term: 'riot', unless: ['riot of colour', 'riot of color'] }, 'terrorist', 'terrorism',
    { term: 'war', unless: ['star wars'] },
    'warfare', { term: 'battle', unless: ['battle of the bands'] }, 'bloodshed',
    { term: 'blood', unless: ['blood orange', 'blood moon'] },
    'bloody', 'gore', 'gory', 'corpse', 'dead body', 'strangle', 'wounded', 'injure',
  ],
  weapons: [
    'weapon', 'firearm', 'handgun', 'pistol', 'revolver', 'rifle', 'assault rifle', 'shotgun', 'machine gun', 'sniper',
    { term: 'gun', unless: ['water gun', 'glue gun', 'nail gun', 'staple gun', 'squirt gun', 'spray gun', 'heat gun', 'gun dog', 'top gun'] },
    'ammunition', 'ammo',
    { term: 'bullet', unless: ['bullet train', 'bullet point', 'bullet journal'] },
    'grenade', 'explosive', 'missile', 'rocket launcher', 'bazooka', 'cannon', 'army tank', 'battle tank', 'military tank',
    { term: 'bomb', unless: ['bath bomb'] },
    { term: 'knife', unless: ['butter knife', 'knife and fork', 'palette knife'] },
    'knives', 'sword', 'dagger', 'machete', 'bayonet', 'spear', 'crossbow', 'bow and arrow',
  ],
  sexual: [
    'sex', 'sexual', 'sexually', 'sexy', 'nude', 'nudity', 'naked', 'in the nude', 'topless', 'undress', 'erotic', 'porn', 'porno',
    'pornography', 'pornographic', 'lingerie', 'striptease', 'stripper', 'strip club', 'nsfw', 'fetish', 'kinky', 'bdsm',
    'orgasm', 'aroused', 'seduce', 'seductive', 'seduction', 'intercourse', 'make love', 'making love', 'one night stand',
    'genital', 'nipple', 'bare breast', 'adult film', 'sex scene', 'skinny dipping', 'onlyfans',
  ],
  drugs: [
    { term: 'drug', unless: ['drug store'] },
    'narcotic', 'cocaine', 'crack cocaine', 'crack pipe', 'heroin', 'meth', 'methamphetamine', 'marijuana', 'cannabis',
    { term: 'weed', unless: ['pull weeds', 'pulling weeds', 'garden weeds', 'weeds in the garden', 'weed killer', 'weeding the garden'] },
    'smoke a joint', 'smoking a joint', 'roll a joint', 'rolling a joint', 'get high', 'getting high', 'stoned', 'lsd',
    'ecstasy', 'mdma', 'opium', 'opioid', 'fentanyl', 'ketamine', 'overdose', 'bong', 'magic mushroom', 'psychedelic',
    'hallucinogen', 'drug dealer', 'snort',
  ],
  alcohol: [
    'alcohol', 'alcoholic', 'beer', 'lager', { term: 'ale', unless: ['ginger ale'] }, 'wine', 'winery', 'champagne', 'prosecco',
    'liquor', 'vodka', 'whisky', 'whiskey', 'bourbon', 'brandy', 'cognac', 'rum', { term: 'gin', unless: ['gin rummy'] },
    'tequila', 'cocktail', 'martini', 'mojito', 'margarita', 'sangria', 'cider', 'booze', 'drunk', 'tipsy', 'hangover',
    'hung over', 'pub', 'bartender', 'brewery', 'keg', 'happy hour', 'beer pong',
  ],
  gambling: [
    'gamble', 'gambling', 'gambler', 'casino', 'poker', 'blackjack', 'roulette', 'baccarat', 'slot machine', 'craps table',
    { term: 'bet', unless: ['you bet'] },
    'betting', 'wager', 'bookmaker', 'bookie', 'lottery', 'scratch card', 'jackpot', 'sports betting', 'poker chip',
  ],
  religion: [
    'religion', 'religious', 'church', 'chapel', 'cathedral', 'mosque', 'synagogue', 'temple', 'shrine', 'monastery', 'prayer',
    'pray', 'worship', 'sermon', 'preacher', 'priest', 'pastor', 'vicar', 'imam', 'rabbi', 'monk', 'nun', 'pope',
    { term: 'god', unless: ['oh my god', 'my god'] },
    'goddess', 'jesus', 'christ', 'allah', 'buddha', 'bible', 'quran', 'koran', 'torah', 'baptism', 'baptize', 'crucifix',
    'crucifixion', 'holy water', 'holy book', 'rosary', 'communion', 'bar mitzvah', 'hymn', 'christian', 'christianity',
    'muslim', 'islam', 'islamic', 'jewish', 'judaism', 'hindu', 'hinduism', 'buddhist', 'buddhism', 'sikh', 'atheist', 'ramadan',
    'yom kippur',
  ],
  advertising: [
    'ad', 'ads', 'advert', 'advertisement', 'advertising', 'advertise', 'commercial break', 'tv commercial', 'television commercial',
    'infomercial', 'sponsor', 'sponsorship', 'endorse', 'endorsement', 'product placement', 'promo', 'promotional',
    'promo code', 'discount code', 'buy now', 'shop now', 'limited offer', 'billboard', 'logo', 'slogan', 'influencer',
    { term: 'brand', unless: ['brand new'] },
    'branded', 'coca cola', 'coke', 'pepsi', 'nike', 'adidas', 'mcdonald', 'starbucks', 'burger king', 'kfc', 'red bull', 'gucci',
    'prada', 'louis vuitton', 'chanel', 'rolex', 'ikea', 'toyota', 'bmw', 'mercedes benz', 'tesla', 'lamborghini', 'porsche',
    'samsung', 'iphone', 'ipad', 'macbook', 'apple watch', 'google', 'microsoft', 'netflix', 'disney', 'nintendo',
    'playstation', 'xbox', 'heineken', 'budweiser', 'marlboro', 'uber', 'airbnb', 'spotify',
  ],
};
