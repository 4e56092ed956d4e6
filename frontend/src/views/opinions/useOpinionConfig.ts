import { shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getOpinionConfig, type OpinionConfig } from '@/api/opinions'

/** The opinion policy's purposes and limits, with purposes labelled in the UI language. */
export function useOpinionConfig() {
  const { locale } = useI18n()
  const config = shallowRef<OpinionConfig | null>(null)

  async function load(): Promise<void> {
    config.value ??= await getOpinionConfig().catch(() => null)
  }

  function purposeLabel(key: string): string {
    const purpose = config.value?.purposes.find((p) => p.key === key)
    if (!purpose) return key
    return locale.value === 'en' && purpose.en ? purpose.en : purpose.zh
  }

  return { config, load, purposeLabel }
}

export type OpinionConfigState = ReturnType<typeof useOpinionConfig>
