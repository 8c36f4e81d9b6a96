import { useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { enqueueGeneration, selectSubmit } from './generationSlice';

/** Prompt and the few settings worth touching; the pack's defaults cover the rest. */
export function GeneratePanel() {
  const dispatch = useAppDispatch();
  const { submitting, error } = useAppSelector(selectSubmit);
  const [prompt, setPrompt] = useState('');
  const [negativePrompt, setNegativePrompt] = useState('');
  const [seconds, setSeconds] = useState(2);
  const [seed, setSeed] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const seedNumber = seed.trim() === '' ? undefined : Number(seed);
    void dispatch(enqueueGeneration({ prompt, negativePrompt, seconds, seed: seedNumber }));
  };

  return (
    <section className="panel generate" aria-labelledby="generate-title">
      <h2 id="generate-title">New take</h2>
      <form onSubmit={submit}>
        <label>
          Prompt
          <textarea
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
            }}
            placeholder="a red ball bouncing on the beach"
            rows={3}
            required
          />
        </label>
        <label>
          Negative prompt
          <input value={negativePrompt} onChange={(e) => setNegativePrompt(e.target.value)} placeholder="what to avoid" />
        </label>
        <div className="row">
          <label>
            Seconds
            <input type="number" min={0.5} max={10} step={0.5} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} />
          </label>
          <label>
            Seed
            <input inputMode="numeric" pattern="\d*" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" />
          </label>
        </div>
        <button type="submit" className="primary" disabled={submitting || prompt.trim() === ''} title="Generate (Ctrl+Enter)">
          {submitting ? 'Queuing…' : 'Generate'}
        </button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
