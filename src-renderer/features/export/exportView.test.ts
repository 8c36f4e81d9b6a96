import { describe, expect, it } from 'vitest';
import { formToOptions, formatEta, percentOf, progressText, type ExportForm } from './exportView';

const form: ExportForm = { preset: '9:16', width: '', height: '', format: 'h264', crossfadeFrames: '0', visibleWatermark: true, outputName: 'Film' };

describe('export dialog view', () => {
  it('turns the form into engine options, and says what is wrong with a custom size', () => {
    expect(formToOptions(form)).toEqual({ options: { preset: '9:16', format: 'h264', crossfadeFrames: 0, visibleWatermark: true } });
    expect(formToOptions({ ...form, preset: 'custom', width: '1280', height: '720', crossfadeFrames: '6' })).toEqual({
      options: { preset: 'custom', width: 1280, height: 720, format: 'h264', crossfadeFrames: 6, visibleWatermark: true },
    });
    expect(formToOptions({ ...form, preset: 'custom', width: '1279', height: '720' })).toEqual({ problem: 'Width: an even number of pixels from 16 to 8192.' });
    expect(formToOptions({ ...form, crossfadeFrames: '1.5' })).toEqual({ problem: 'Crossfade: a whole number of frames from 0 to 240.' });
  });

  it('shows the stage, percent and ETA while running, and the outcome after', () => {
    const running = { id: 'j', state: 'running', stage: 'watermark', fraction: 0.456, etaSeconds: 75, output: '/p/exports/f.mp4' } as const;
    expect(progressText(running)).toBe('Watermarking… 46% · about 1 min 15 s left');
    expect(percentOf(running)).toBe(46);
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(0.2)).toBe('about 1 s left');
    expect(progressText({ id: 'j', state: 'cancelled', output: '/x' })).toBe('Cancelled; nothing was written.');
    expect(percentOf({ id: 'j', state: 'error', output: '/x', message: 'no' })).toBe(0);
  });
});
