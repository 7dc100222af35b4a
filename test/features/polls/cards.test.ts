import { audienceChoicesOf, voterNotices } from '../../../src/features/polls/cards';
import { networkAudience } from '../../../src/features/polls/poll-form';
import { createTranslator } from '../../../src/i18n/translator';

describe('poll cards', () => {
  const fr = createTranslator('fr');
  const en = createTranslator('en');
  const groups = [{ slug: 'rh', title: 'RH' }];

  it('offers the whole network as an audience only to those allowed to poll it, in their language', () => {
    expect(audienceChoicesOf({ groups, network: false }, fr)).toEqual([{ value: 'rh', title: 'RH' }]);
    const withNetwork = audienceChoicesOf({ groups, network: true }, fr);
    const inEnglish = audienceChoicesOf({ groups, network: true }, en);

    expect(withNetwork.map((choice) => choice.value)).toEqual(['rh', networkAudience]);
    expect(withNetwork[1].title).toBe(fr('polls.audience.network'));
    expect(inEnglish[1].title).toBe(en('polls.audience.network'));
    expect(inEnglish[1].title).not.toBe(withNetwork[1].title);
  });

  it('tells a voter whether their vote counted, changed, came too late, or whether they are not asked', () => {
    expect(voterNotices.voted(false, fr)).toEqual({ text: fr('polls.poll.voted'), color: 'Good' });
    expect(voterNotices.voted(true, fr)).toEqual({ text: fr('polls.poll.changed'), color: 'Good' });
    expect(voterNotices.tooLate(fr)?.color).toBe('Attention');
    expect(voterNotices.outsider({ audienceTitle: 'RH' }, fr)?.text).toContain('RH');
  });
});
