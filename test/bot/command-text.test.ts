import { matchCommand, normalizeCommandText, stripMentions } from '../../src/bot/command-text';

describe('command text', () => {
  const phrases = [
    { phrase: 'info', command: 'news' },
    { phrase: 'info flash', command: 'digest' },
    { phrase: 'info flash archives', command: 'archive' },
    { phrase: 'mes données', command: 'export' },
    { phrase: 'fiche', command: 'sheet' },
  ];

  it('ignores case, accents and trailing punctuation', () => {
    expect(normalizeCommandText('  Mes  DONNÉES ! ')).toBe('mes donnees');
  });

  it('prefers the longest command phrase', () => {
    expect(matchCommand('Info Flash archives', phrases)).toEqual({ command: 'archive', args: '' });
    expect(matchCommand('info flash', phrases)).toEqual({ command: 'digest', args: '' });
    expect(matchCommand('info', phrases)).toEqual({ command: 'news', args: '' });
  });

  it('keeps the original words after the command as arguments', () => {
    expect(matchCommand('fiche Bon Accueil', phrases)).toEqual({ command: 'sheet', args: 'Bon Accueil' });
  });

  it('matches a phrase typed without accents', () => {
    expect(matchCommand('mes donnees', phrases)?.command).toBe('export');
  });

  it('does not match a word that merely starts like a command', () => {
    expect(matchCommand('informations', phrases)).toBeUndefined();
  });

  it('removes Teams mention markup', () => {
    expect(stripMentions('<at>iX</at>&nbsp;abonner info flash')).toBe('abonner info flash');
  });
});
