export type Theme = 'default' | 'dark' | 'contrast';

const palettes: Record<
  Theme,
  {
    background: string;
    text: string;
    subtle: string;
    accent: string;
    good: string;
    attention: string;
    warning: string;
  }
> = {
  default: {
    background: '#ffffff',
    text: '#242424',
    subtle: '#616161',
    accent: '#1f4e9a',
    good: '#0e700e',
    attention: '#b10e1c',
    warning: '#8a5b00',
  },
  dark: {
    background: '#292929',
    text: '#ffffff',
    subtle: '#d6d6d6',
    accent: '#8fb4f0',
    good: '#92c353',
    attention: '#f1707b',
    warning: '#f8d22a',
  },
  contrast: {
    background: '#000000',
    text: '#ffffff',
    subtle: '#ffffff',
    accent: '#ffff00',
    good: '#3ff23f',
    attention: '#ff6b6b',
    warning: '#ffff00',
  },
};

/** Adaptive Cards host configuration for each Teams theme, close to what Teams itself uses. */
export function hostConfigFor(theme: Theme): object {
  const colours = palettes[theme];
  const foreground = {
    default: { default: colours.text, subtle: colours.subtle },
    accent: { default: colours.accent, subtle: colours.accent },
    good: { default: colours.good, subtle: colours.good },
    attention: { default: colours.attention, subtle: colours.attention },
    warning: { default: colours.warning, subtle: colours.warning },
    light: { default: colours.text, subtle: colours.subtle },
    dark: { default: colours.text, subtle: colours.subtle },
  };
  return {
    fontFamily: "'Segoe UI', system-ui, -apple-system, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 12 },
    separator: { lineThickness: 1, lineColor: theme === 'default' ? '#d1d1d1' : '#5c5c5c' },
    fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 22 },
    containerStyles: {
      default: { backgroundColor: colours.background, foregroundColors: foreground },
      emphasis: {
        backgroundColor: theme === 'default' ? '#f0f0f0' : theme === 'dark' ? '#333333' : '#000000',
        foregroundColors: foreground,
      },
      accent: {
        backgroundColor: theme === 'contrast' ? '#000000' : theme === 'dark' ? '#1b3a6b' : '#e8effa',
        foregroundColors: foreground,
      },
      good: {
        backgroundColor: theme === 'contrast' ? '#000000' : theme === 'dark' ? '#1f3a1f' : '#e7f4e4',
        foregroundColors: foreground,
      },
      attention: {
        backgroundColor: theme === 'contrast' ? '#000000' : theme === 'dark' ? '#4a1f23' : '#fde7e9',
        foregroundColors: foreground,
      },
      warning: {
        backgroundColor: theme === 'contrast' ? '#000000' : theme === 'dark' ? '#4a3b12' : '#fff4ce',
        foregroundColors: foreground,
      },
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      showCard: { actionMode: 'inline', inlineTopMargin: 8 },
    },
    adaptiveCard: { allowCustomStyle: true },
  };
}
