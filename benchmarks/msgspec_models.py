"""msgspec Structs for spec/openapi.yaml's Model tree (and ModelListResponse), by hand.

The peer of the generated pydantic types in the validation benchmark: same
fields, required-ness, enums (as Literal) and bounds (``Meta``); JSON names by
``rename="camel"`` (explicit where camel-casing the Python name would not give
the spec's name). Optional fields default to ``UNSET``, so encoding leaves out
what the payload left out, as ``model_dump_json(exclude_unset=True)`` does.
Unknown keys are ignored (msgspec's default); no string-to-number coercion
(msgspec is strict by default).

``validation.check_msgspec_fields`` compares these field names with the spec
at every run, so a spec change that is not mirrored here shows in RESULTS.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType, field

ModelCapability = Literal[
    "3d23d", "audio2audio", "audio2video", "controlnet", "controlnet_img2img",
    "controlnet_inpaint", "controlnet_inpaint_ip_adapter", "controlnet_ip_adapter",
    "controlnet_reference", "controlnet_texture", "img23d", "img2img", "img2img_ip_adapter",
    "img2img_texture", "img2txt", "img2video", "inpaint", "inpaint_ip_adapter", "outpaint",
    "reference", "reference_texture", "txt23d", "txt2audio", "txt2img", "txt2img_ip_adapter",
    "txt2img_texture", "txt2txt", "txt2video", "video23d", "video2audio", "video2img",
    "video2video",
]  # fmt: skip
ModelPrivacy = Literal["private", "public", "unlisted"]
ModelSource = Literal["civitai", "huggingface", "other", "scenario"]
ModelStatus = Literal["copying", "failed", "new", "trained", "training", "training-canceled"]
ModelType = Literal[
    "custom", "elevenlabs-voice", "flux.1", "flux.1-composition", "flux.1-kontext-dev",
    "flux.1-kontext-lora", "flux.1-krea-dev", "flux.1-krea-lora", "flux.1-lora", "flux.1-pro",
    "flux.1.1-pro-ultra", "flux.2-dev-edit-lora", "flux.2-dev-lora", "flux.2-klein-4b-edit-lora",
    "flux.2-klein-4b-lora", "flux.2-klein-9b-edit-lora", "flux.2-klein-9b-lora",
    "flux.2-klein-base-4b-edit-lora", "flux.2-klein-base-4b-lora",
    "flux.2-klein-base-9b-edit-lora", "flux.2-klein-base-9b-lora", "flux1.1-pro", "gpt-image-1",
    "qwen-image-2512-lora", "qwen-image-edit-2509-lora", "qwen-image-edit-2511-lora",
    "qwen-image-edit-lora", "qwen-image-lora", "sd-1_5", "sd-1_5-composition", "sd-1_5-lora",
    "sd-xl", "sd-xl-composition", "sd-xl-lora", "zimage-de-turbo-lora", "zimage-lora",
    "zimage-turbo-lora",
]  # fmt: skip
ModelAccessRestrictions = Literal[0, 25, 50, 75, 100]
ModelClassStatus = Literal["published", "unpublished"]
ModelInputType = Literal[
    "boolean", "file", "file_array", "inputs_array", "model", "model_array", "number",
    "number_array", "string", "string_array",
]  # fmt: skip
ModelInputBackgroundBehavior = Literal["opaque", "transparent"]
ModelInputKind = Literal["3d", "audio", "document", "image", "image-hdr", "json", "video"]
ModelParametersLrScheduler = Literal[
    "constant", "constant-with-warmup", "cosine", "cosine-with-restarts", "linear", "polynomial"
]
ModelParametersOptimizeFor = Literal["likeness", "all", "none"]
ModelTrainingProgressStage = Literal[
    "pending", "pending-captcha", "queued-for-train", "running-train", "starting-train"
]
ModelUiConfigTriggerGeneratePosition = Literal["bottom", "top"]


class _Struct(msgspec.Struct, rename="camel", kw_only=True):
    """JSON names are the camelCase of the attribute names; keyword-only construction."""


class ModelClass(_Struct):
    category: str
    concept_prompt: str
    model_id: str
    name: str
    prompt: str
    slug: str
    status: ModelClassStatus
    thumbnails: list[str]


class ModelConcept(_Struct):
    model_id: str
    scale: Annotated[float, Meta(ge=-2, le=2)]
    model_epoch: str | UnsetType = UNSET


class ModelEpochAsset(_Struct):
    asset_id: str
    url: str


class ModelEpoch(_Struct):
    epoch: str
    assets: list[ModelEpochAsset] | UnsetType = UNSET


class ModelInputRequired(_Struct):
    always: bool | UnsetType = UNSET
    conditional_values: Any = UNSET
    if_defined: Any = UNSET
    if_not_defined: Any = UNSET


class ModelInput(_Struct):
    name: str
    type: ModelInputType
    allowed_values: list[Any] | UnsetType = UNSET
    background_behavior: ModelInputBackgroundBehavior | UnsetType = UNSET
    color: bool | UnsetType = UNSET
    cost_impact: bool | UnsetType = UNSET
    default: Any = UNSET
    description: str | UnsetType = UNSET
    group: str | UnsetType = UNSET
    hint: str | UnsetType = UNSET
    inputs: list[dict[str, Any]] | UnsetType = UNSET
    kind: ModelInputKind | UnsetType = UNSET
    label: str | UnsetType = UNSET
    mask_from: str | UnsetType = UNSET
    max: float | UnsetType = UNSET
    max_length: float | UnsetType = UNSET
    max_size: float | UnsetType = UNSET
    min: float | UnsetType = UNSET
    min_length: float | UnsetType = UNSET
    model_types: list[ModelType] | UnsetType = UNSET
    parent: bool | UnsetType = UNSET
    placeholder: str | UnsetType = UNSET
    prompt: bool | UnsetType = UNSET
    prompt_spark: bool | UnsetType = UNSET
    required: ModelInputRequired | UnsetType = UNSET
    step: Annotated[float, Meta(ge=1)] | UnsetType = UNSET


class ModelParameters(_Struct):
    age: str | UnsetType = UNSET
    batch_size: Annotated[float, Meta(ge=1, le=4)] | UnsetType = UNSET
    class_prompt: str | UnsetType = UNSET
    clone_type: str | UnsetType = UNSET
    concept_prompt: str | UnsetType = UNSET
    gender: str | UnsetType = UNSET
    language: str | UnsetType = UNSET
    learning_rate: Annotated[float, Meta(gt=0)] | UnsetType = UNSET
    learning_rate_text_encoder: Annotated[float, Meta(gt=0, le=0.001)] | UnsetType = UNSET
    learning_rate_unet: Annotated[float, Meta(gt=0)] | UnsetType = UNSET
    lr_scheduler: ModelParametersLrScheduler | UnsetType = UNSET
    max_train_steps: Annotated[float, Meta(ge=0, le=40000)] | UnsetType = UNSET
    nb_epochs: Annotated[float, Meta(ge=1, le=30)] | UnsetType = UNSET
    nb_repeats: Annotated[float, Meta(ge=1, le=30)] | UnsetType = UNSET
    num_text_train_steps: Annotated[float, Meta(ge=0, le=40000)] | UnsetType = UNSET
    num_u_net_train_steps: Annotated[float, Meta(ge=0, le=40000)] | UnsetType = UNSET
    optimize_for: ModelParametersOptimizeFor | UnsetType = UNSET
    prior_loss_weight: Annotated[float, Meta(gt=0)] | UnsetType = UNSET
    random_crop: bool | UnsetType = UNSET
    random_crop_ratio: Annotated[float, Meta(ge=0, le=1)] | UnsetType = UNSET
    random_crop_scale: Annotated[float, Meta(ge=0, le=1)] | UnsetType = UNSET
    rank: Annotated[float, Meta(ge=2, le=128)] | UnsetType = UNSET
    remove_background_noise: bool | UnsetType = UNSET
    sample_prompts: list[str] | UnsetType = UNSET
    sample_source_images: list[str] | UnsetType = UNSET
    scale_lr: bool | UnsetType = UNSET
    seed: Annotated[float, Meta(ge=0, le=9007199254740991)] | UnsetType = UNSET
    text_encoder_training_ratio: Annotated[float, Meta(ge=0, le=0.99)] | UnsetType = UNSET
    validation_frequency: Annotated[float, Meta(ge=0)] | UnsetType = UNSET
    validation_prompt: str | UnsetType = UNSET
    voice_description: str | UnsetType = UNSET
    wandb_key: Annotated[str, Meta(max_length=40)] | UnsetType = UNSET


class ModelPerformanceStatsVariantArenaScore(_Struct):
    arena_category: str
    arena_model_name: str
    fetched_at: str
    rank: float
    rating: float
    rating_lower: float
    rating_upper: float
    votes: float


class ModelPerformanceStatsVariant(_Struct):
    capability: str
    computed_at: str
    variant_key: str
    arena_score: ModelPerformanceStatsVariantArenaScore | UnsetType = UNSET
    cost_per_asset_max_cu: float | UnsetType = field(default=UNSET, name="costPerAssetMaxCU")
    cost_per_asset_min_cu: float | UnsetType = field(default=UNSET, name="costPerAssetMinCU")
    cost_per_asset_p50_cu: float | UnsetType = field(default=UNSET, name="costPerAssetP50CU")
    inference_latency_p50_sec: float | UnsetType = UNSET
    inference_latency_p75_sec: float | UnsetType = UNSET
    resolution: str | UnsetType = UNSET
    total_latency_p50_sec: float | UnsetType = UNSET
    total_latency_p75_sec: float | UnsetType = UNSET


class ModelPerformanceStats(_Struct):
    variants: list[ModelPerformanceStatsVariant]
    default: str | UnsetType = UNSET


class ModelThumbnail(_Struct):
    asset_id: str
    url: str


class ModelTrainingImagePair(_Struct):
    instruction: str | UnsetType = UNSET
    source_id: str | UnsetType = UNSET
    target_id: str | UnsetType = UNSET


class ModelTrainingImage(_Struct):
    id: str
    automatic_captioning: str
    created_at: str
    description: str
    download_url: str
    name: str


class ModelTrainingProgress(_Struct):
    stage: ModelTrainingProgressStage
    updated_at: float
    position: float | UnsetType = UNSET
    progress: Annotated[float, Meta(ge=0, le=1)] | UnsetType = UNSET
    remaining_time_ms: float | UnsetType = UNSET
    started_at: float | UnsetType = UNSET


class ModelTrainingStats(_Struct):
    ended_at: str | UnsetType = UNSET
    queue_duration: float | UnsetType = UNSET
    started_at: str | UnsetType = UNSET
    train_duration: float | UnsetType = UNSET


class ModelUiConfigInputProperties(_Struct):
    collapsed: bool | UnsetType = UNSET


class ModelUiConfigLorasComponent(_Struct):
    label: str
    model_input: str
    scale_input: str
    model_id_input: str | UnsetType = UNSET


class ModelUiConfigPreset(_Struct):
    fields: list[str]
    presets: Any


class ModelUiConfigResolutionComponentPreset(_Struct):
    height: float
    label: str
    width: float


class ModelUiConfigResolutionComponent(_Struct):
    height_input: str
    label: str
    presets: list[ModelUiConfigResolutionComponentPreset]
    width_input: str


class ModelUiConfigTriggerGenerate(_Struct):
    label: str
    after: str | UnsetType = UNSET
    position: ModelUiConfigTriggerGeneratePosition | UnsetType = UNSET


class ModelUiConfig(_Struct):
    input_properties: dict[str, ModelUiConfigInputProperties] | UnsetType = UNSET
    loras_component: ModelUiConfigLorasComponent | UnsetType = UNSET
    presets: list[ModelUiConfigPreset] | UnsetType = UNSET
    resolution_component: ModelUiConfigResolutionComponent | UnsetType = UNSET
    selects: dict[str, Any] | UnsetType = UNSET
    trigger_generate: ModelUiConfigTriggerGenerate | UnsetType = UNSET


class Model(_Struct):
    id: str
    capabilities: list[ModelCapability]
    collection_ids: list[str]
    created_at: str
    custom: bool
    example_asset_ids: list[str]
    privacy: ModelPrivacy
    source: ModelSource
    status: ModelStatus
    tags: list[str]
    training_images_number: float
    type: ModelType
    updated_at: str
    access_restrictions: ModelAccessRestrictions | UnsetType = UNSET
    author_id: str | UnsetType = UNSET
    class_: ModelClass | UnsetType = field(default=UNSET, name="class")
    compliant_model_ids: list[str] | UnsetType = UNSET
    concepts: list[ModelConcept] | UnsetType = UNSET
    epoch: str | UnsetType = UNSET
    epochs: list[ModelEpoch] | UnsetType = UNSET
    inputs: list[ModelInput] | UnsetType = UNSET
    model_keyword: str | UnsetType = UNSET
    name: str | UnsetType = UNSET
    negative_prompt_embedding: str | UnsetType = UNSET
    owner_id: str | UnsetType = UNSET
    parameters: ModelParameters | UnsetType = UNSET
    parent_model_id: str | UnsetType = UNSET
    performance_stats: ModelPerformanceStats | UnsetType = UNSET
    prompt_embedding: str | UnsetType = UNSET
    short_description: str | UnsetType = UNSET
    soft_deletion_on: str | UnsetType = UNSET
    thumbnail: ModelThumbnail | UnsetType = UNSET
    training_image_pairs: list[ModelTrainingImagePair] | UnsetType = UNSET
    training_images: list[ModelTrainingImage] | UnsetType = UNSET
    training_progress: ModelTrainingProgress | UnsetType = UNSET
    training_stats: ModelTrainingStats | UnsetType = UNSET
    ui_config: ModelUiConfig | UnsetType = UNSET
    user_id: str | UnsetType = UNSET


class ModelListResponse(_Struct):
    models: list[Model]
    next_pagination_token: str | UnsetType = UNSET
